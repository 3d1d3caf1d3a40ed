/**
 * A button that takes files — picked through a hidden `<input type="file">` or dropped on it —
 * as the transcript upload's drop zone and the REFI-QDA import's picker both are. Holds whether a
 * drag is over it (`dragging`) and the handlers the component wires to its button, input and the
 * window.
 */
export class FileDrop {
  dragging = $state(false);
  input: HTMLInputElement | undefined = $state();

  constructor(private readonly onfiles: (files: File[]) => void) {}

  private static carriesFiles(event: DragEvent): boolean {
    return event.dataTransfer?.types.includes('Files') ?? false;
  }

  /** Opens the file picker. */
  readonly pick = (): void => this.input?.click();

  /** The input's `change`. */
  readonly picked = (): void => {
    const files = [...(this.input?.files ?? [])];
    // Cleared so choosing the same file again (after removing it) still fires `change`.
    if (this.input) this.input.value = '';
    if (files.length) this.onfiles(files);
  };

  /** The button's `dragenter` and `dragover`. */
  readonly dragover = (event: DragEvent): void => {
    if (!FileDrop.carriesFiles(event)) return;
    event.preventDefault();
    if (event.dataTransfer) event.dataTransfer.dropEffect = 'copy';
    this.dragging = true;
  };

  readonly dragleave = (event: DragEvent & { currentTarget: HTMLElement }): void => {
    if (!event.currentTarget.contains(event.relatedTarget as Node | null)) this.dragging = false;
  };

  readonly drop = (event: DragEvent): void => {
    event.preventDefault();
    this.dragging = false;
    const files = [...(event.dataTransfer?.files ?? [])];
    if (files.length) this.onfiles(files);
  };

  /** The window's `dragover` and `drop`: a file dropped just beside the button would otherwise replace the app with the file itself. */
  readonly ignoreStrayDrop = (event: DragEvent): void => {
    if (FileDrop.carriesFiles(event)) event.preventDefault();
  };
}
