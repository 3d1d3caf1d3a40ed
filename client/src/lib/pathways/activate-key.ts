/**
 * A keydown handler that runs `activate` on Enter or Space, as a button does: the map's stages
 * and transitions are SVG groups with `role="button"`, which get no such behaviour for free.
 */
export function activateOnKey(activate: () => void): (event: KeyboardEvent) => void {
  return (event) => {
    if (event.key !== 'Enter' && event.key !== ' ') return;
    event.preventDefault();
    activate();
  };
}
