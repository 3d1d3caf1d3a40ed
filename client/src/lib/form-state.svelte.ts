import { tick } from 'svelte';
import { ApiError, toApiError } from './api-error.ts';

let nextFormId = 0;

/**
 * One form's submission: busy flag, the last error, and which input it names. On an error naming
 * a field, focus moves to that input (its message is linked by aria-describedby).
 */
export class FormState {
  busy = $state(false);
  error = $state.raw<ApiError | null>(null);
  readonly id: string;
  readonly #fields = new Set<string>();

  constructor(name: string) {
    this.id = `${name}-${++nextFormId}`;
  }

  fieldId(field: string): string {
    return `${this.id}-${field}`;
  }

  /** Called by each Field, so errors naming no visible input are shown at the form level instead. */
  register(field: string): void {
    this.#fields.add(field);
  }

  errorFor(field: string): string | undefined {
    return this.error?.field === field ? this.error.message : undefined;
  }

  /** The message not shown beside an input: errors without a field, or naming one this form lacks. */
  get formError(): string | undefined {
    const error = this.error;
    if (!error) return undefined;
    return error.field && this.#fields.has(error.field) ? undefined : error.message;
  }

  /** Runs the action once at a time; returns its result, or undefined when it failed. */
  async submit<T>(action: () => Promise<T>): Promise<T | undefined> {
    if (this.busy) return undefined;
    this.busy = true;
    this.error = null;
    try {
      return await action();
    } catch (error) {
      this.fail(toApiError(error));
      return undefined;
    } finally {
      this.busy = false;
    }
  }

  fail(error: ApiError): void {
    this.error = error;
    if (error.field && this.#fields.has(error.field)) {
      const id = this.fieldId(error.field);
      void tick().then(() => document.getElementById(id)?.focus());
    }
  }

  reset(): void {
    this.error = null;
  }
}
