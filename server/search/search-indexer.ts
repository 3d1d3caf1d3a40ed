import crypto from 'node:crypto';
import { formatRoomName } from '../../shared/protocol/index.ts';
import { readTranscriptText, readTranscriptUnits } from '../../shared/ydoc/transcript-doc.ts';
import { TimeSlice } from '../agreement/time-slice.ts';
import type { Logger } from '../logger.ts';
import type { DirectoryStore } from '../persistence/directory-store.ts';
import type { DocumentRegistry } from '../sync/document-registry.ts';
import type { IndexWork, SearchIndex } from './search-index.ts';

/** What deletion needs from search: the index's copy of a document's or project's text removed. */
export interface SearchEraser {
  removeDocument(projectId: string, documentId: string): Promise<void>;
  removeProject(projectId: string): Promise<void>;
}

export interface SearchIndexerOptions {
  /**
   * Quiet time after the last transcript stored, any transcript, before a due re-index runs.
   * Edits come in bursts, and so do imports: twenty 1.4 MB transcripts pasted at once were indexed
   * while the rest still arrived, and the server's peak RSS in bench/compare 20x10 was 245–251 MB;
   * indexed once they all had, 224–235 MB (3 alternating runs each).
   */
  readonly debounceMs?: number;
  /** A transcript edited without pause, or among others that are, is re-indexed at least this often… */
  readonly maxWaitMs?: number;
  /**
   * …but not sooner after its last re-index than this many milliseconds per character it then
   * had. A re-index reads, hashes and chunks the whole text (about 10 ms of CPU for 1.4 million
   * characters, plus the garbage), so the spacing keeps what editing costs in re-indexing per
   * second the same whatever the transcript's length: a 60,000-character interview still follows
   * within `maxWaitMs`, a 1.4-million-character one within 14 s.
   */
  readonly msPerIndexedCharacter?: number;
}

interface Job {
  readonly projectId: string;
  readonly documentId: string;
}

/** A document whose transcript was stored and is not yet queued for its re-index. */
interface DueReindex {
  timer: NodeJS.Timeout | undefined;
  /** When the first stored batch since its last re-index came. */
  readonly firstAt: number;
  readonly job: Job;
}

const keyOf = (projectId: string, documentId: string) => `${projectId}:${documentId}`;

/**
 * Keeps the search index in step with the transcripts. When the registry says a `text:` room was
 * stored (an import, a correction), that document is re-indexed once no transcript has been
 * stored for `debounceMs`, off the request that stored it; at start-up every listed document
 * missing from the index is indexed, and index entries of documents that no longer exist are
 * removed.
 *
 * All writes to the index run one at a time, each in short slices with the event loop served in
 * between. Deletions jump the queue and mark their document or project as deleted for the life of
 * the process (ids are never reused), so a re-index that read the text just before cannot write
 * it back afterwards.
 */
export class SearchIndexer implements SearchEraser {
  private readonly nonce = crypto.randomBytes(4).toString('hex');
  private readonly versions = new Map<string, number>();
  private readonly timers = new Map<string, DueReindex>();
  /** When each document was last re-indexed, and its length then: the next waits in proportion. */
  private readonly lastIndexed = new Map<string, { at: number; characters: number }>();
  private readonly jobs = new Map<string, Job>();
  private readonly removals: { run: () => Promise<void>; done: (error?: unknown) => void }[] = [];
  private current: Job | null = null;
  private pumping: Promise<void> | null = null;
  private readonly deletedDocuments = new Set<string>();
  private readonly deletedProjects = new Set<string>();
  private closing = false;
  /** When the latest batch of any transcript was stored: re-indexing waits for a quiet time after it. */
  private lastTranscriptStoredAt = 0;
  /** Something was written since the index was last tidied. */
  private untidy = false;
  private stopListening: (() => void) | null = null;
  private readonly log: Logger;
  private readonly debounceMs: number;
  private readonly maxWaitMs: number;
  private readonly msPerIndexedCharacter: number;
  /** Resolves once the start-up check has queued every missing document (so `pendingIn` counts them). */
  ready: Promise<void> = Promise.resolve();

  constructor(
    private readonly index: SearchIndex,
    private readonly registry: DocumentRegistry,
    private readonly directory: DirectoryStore,
    logger: Logger,
    options: SearchIndexerOptions = {},
  ) {
    this.log = logger.child('search');
    this.debounceMs = options.debounceMs ?? 300;
    this.maxWaitMs = options.maxWaitMs ?? 3_000;
    this.msPerIndexedCharacter = options.msPerIndexedCharacter ?? 0.01;
  }

  /** Starts following stored transcripts and queues the documents the index is missing. */
  start(): void {
    this.stopListening = this.registry.onStored((_room, _where, name) => {
      if (name?.kind === 'text') this.schedule({ projectId: name.projectId, documentId: name.documentId });
    });
    // Once the server is listening (`startServer` binds its port in this same turn): the check
    // starts the index's thread, whose start-up competed for the CPU with the server's own.
    this.ready = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => this.buildMissing())
      .catch((error: unknown) => this.log.error('could not check the search index at start-up', { error }));
  }

  /** Changes whenever the project's indexed text does (a cache key for hits). */
  versionOf(projectId: string): string {
    return `${this.nonce}.${this.versions.get(projectId) ?? 0}`;
  }

  /** Documents of the project waiting to be (re-)indexed: results may miss or misplace their text until then. */
  pendingIn(projectId: string): number {
    let pending = 0;
    for (const { job } of this.timers.values()) if (job.projectId === projectId) pending++;
    for (const job of this.jobs.values()) if (job.projectId === projectId) pending++;
    if (this.current?.projectId === projectId && !this.jobs.has(keyOf(this.current.projectId, this.current.documentId))) pending++;
    return pending;
  }

  removeDocument(projectId: string, documentId: string): Promise<void> {
    const key = keyOf(projectId, documentId);
    this.deletedDocuments.add(key);
    this.lastIndexed.delete(key);
    this.cancelTimer(key);
    this.jobs.delete(key);
    return this.enqueueRemoval(projectId, () => this.index.removeDocument(projectId, documentId));
  }

  removeProject(projectId: string): Promise<void> {
    this.deletedProjects.add(projectId);
    for (const [key, { job }] of this.timers) if (job.projectId === projectId) this.cancelTimer(key);
    for (const key of this.lastIndexed.keys()) if (key.startsWith(`${projectId}:`)) this.lastIndexed.delete(key);
    for (const [key, job] of this.jobs) if (job.projectId === projectId) this.jobs.delete(key);
    return this.enqueueRemoval(projectId, () => this.index.removeProject(projectId));
  }

  /** Stops following the registry, lets the write in progress stop at its next slice, closes the index. */
  async close(): Promise<void> {
    this.closing = true;
    this.stopListening?.();
    for (const key of [...this.timers.keys()]) this.cancelTimer(key);
    this.jobs.clear();
    // Removals still run to the end: a deletion waits for them.
    while (this.pumping) await this.pumping;
    await this.index.close();
  }

  private isDeleted(job: Job): boolean {
    return this.deletedProjects.has(job.projectId) || this.deletedDocuments.has(keyOf(job.projectId, job.documentId));
  }

  /**
   * Called for every stored batch of a transcript — hundreds a second while a room is edited — so
   * it only notes the time when a re-index is already due: the one timer, when it fires, works out
   * from the latest batch whether the quiet time has passed and sleeps again if not, instead of
   * every batch clearing and setting a timer (4% of the event loop's time in bench/compare 20x10).
   */
  private schedule(job: Job): void {
    if (this.closing || this.isDeleted(job)) return;
    const key = keyOf(job.projectId, job.documentId);
    this.lastTranscriptStoredAt = Date.now();
    if (this.timers.has(key)) return;
    const due: DueReindex = { timer: undefined, firstAt: this.lastTranscriptStoredAt, job };
    this.timers.set(key, due);
    this.armTimer(key, due);
  }

  /** Sleeps until `due`'s re-index may run, then queues it — or, edited meanwhile, sleeps again. */
  private armTimer(key: string, due: DueReindex): void {
    due.timer = setTimeout(() => {
      if (this.timers.get(key) !== due) return;
      if (this.reindexAt(key, due) > Date.now()) return this.armTimer(key, due);
      this.timers.delete(key);
      this.enqueue(due.job);
    }, Math.max(0, this.reindexAt(key, due) - Date.now()));
    due.timer.unref();
  }

  /**
   * When a due re-index may run: once no transcript has been stored for `debounceMs`, or
   * `maxWaitMs` after this one's first stored batch, and not sooner after its last re-index than
   * its spacing.
   */
  private reindexAt(key: string, due: DueReindex): number {
    const last = this.lastIndexed.get(key);
    const notBefore = last ? last.at + last.characters * this.msPerIndexedCharacter : 0;
    return Math.max(Math.min(this.lastTranscriptStoredAt + this.debounceMs, due.firstAt + this.maxWaitMs), notBefore);
  }

  private cancelTimer(key: string): void {
    const pending = this.timers.get(key);
    if (pending) clearTimeout(pending.timer);
    this.timers.delete(key);
  }

  private enqueue(job: Job): void {
    if (this.closing || this.isDeleted(job)) return;
    this.jobs.set(keyOf(job.projectId, job.documentId), job);
    this.pump();
  }

  /**
   * Resolves once the index no longer holds the text. A removal that fails (the disk, say) is
   * logged and resolves too, so the deletion it is part of still deletes the rooms; nobody can
   * search an unlisted document, and the next start-up removes what is indexed but not listed.
   */
  private enqueueRemoval(projectId: string, run: () => Promise<void>): Promise<void> {
    return new Promise<void>((resolve) => {
      this.removals.push({
        run: async () => {
          await run();
          this.bump(projectId);
        },
        done: (error) => {
          if (error !== undefined) this.log.error('could not remove deleted text from the search index; it is removed at the next start', { projectId, error });
          resolve();
        },
      });
      this.pump();
    });
  }

  /** Starts working through the queue unless it is already being worked through. */
  private pump(): void {
    if (this.pumping) return;
    this.pumping = this.drain().finally(() => {
      this.pumping = null;
      // Work queued while the last step was finishing.
      if (this.removals.length > 0 || (!this.closing && this.jobs.size > 0)) this.pump();
    });
  }

  /** One write at a time: removals first, then re-indexing in the order it was asked for. */
  private async drain(): Promise<void> {
    for (;;) {
      const removal = this.removals.shift();
      if (removal) {
        try {
          await removal.run();
          removal.done();
        } catch (error) {
          removal.done(error);
        }
        continue;
      }
      if (this.closing) return;
      const next = this.jobs.entries().next();
      if (next.done) {
        if (this.untidy) await this.tidy();
        if (this.removals.length === 0 && this.jobs.size === 0) return;
        continue;
      }
      const [key, job] = next.value;
      this.jobs.delete(key);
      this.current = job;
      try {
        await this.reindex(job);
      } catch (error) {
        this.log.error('could not index a transcript', { projectId: job.projectId, documentId: job.documentId, error });
      } finally {
        this.current = null;
      }
    }
  }

  private async reindex(job: Job): Promise<void> {
    if (this.isDeleted(job)) return;
    const room = formatRoomName({ kind: 'text', projectId: job.projectId, documentId: job.documentId });
    const { text, units } = await this.registry.read(room, (doc) => {
      const text = readTranscriptText(doc);
      return { text, units: readTranscriptUnits(doc, text) };
    });
    if (this.isDeleted(job)) return;
    const slice = new TimeSlice();
    const work: IndexWork = { yieldIfDue: () => slice.yieldIfDue(), cancelled: () => this.closing || this.isDeleted(job), closing: () => this.closing && !this.isDeleted(job) };
    const started = performance.now();
    const outcome = await this.index.indexTranscript(job.projectId, job.documentId, text, units, work);
    this.lastIndexed.set(keyOf(job.projectId, job.documentId), { at: Date.now(), characters: text.length });
    if (outcome === 'indexed') {
      this.bump(job.projectId);
      this.log.debug('transcript indexed', { projectId: job.projectId, documentId: job.documentId, characters: text.length, ms: Math.round(performance.now() - started) });
    }
  }

  private bump(projectId: string): void {
    this.versions.set(projectId, (this.versions.get(projectId) ?? 0) + 1);
    this.untidy = true;
  }

  /** Tidies the index while nothing else is queued; gives way at once when something is. */
  private async tidy(): Promise<void> {
    const slice = new TimeSlice();
    const work: IndexWork = { yieldIfDue: () => slice.yieldIfDue(), cancelled: () => this.closing || this.removals.length > 0 || this.jobs.size > 0 };
    try {
      if (await this.index.tidy(work)) this.untidy = false;
    } catch (error) {
      this.untidy = false;
      this.log.error('could not tidy the search index', { error });
    }
  }

  /** Start-up: index what is listed but missing; remove what is indexed but no longer listed. */
  private async buildMissing(): Promise<void> {
    const stale: (() => Promise<void>)[] = [];
    const indexed = new Map<string, Set<string>>();
    for (const entry of await this.index.indexedDocuments()) indexed.set(entry.projectId, (indexed.get(entry.projectId) ?? new Set()).add(entry.documentId));
    let missing = 0;
    const projects = await this.directory.listAllProjects();
    for (const project of projects) {
      const documents = await this.directory.listDocuments(project.id);
      const listed = new Set(documents.map((d) => d.id));
      for (const d of documents) {
        if (indexed.get(project.id)?.has(d.id)) continue;
        missing++;
        this.enqueue({ projectId: project.id, documentId: d.id });
      }
      for (const documentId of indexed.get(project.id) ?? []) if (!listed.has(documentId)) stale.push(() => this.removeDocument(project.id, documentId));
      indexed.delete(project.id);
    }
    // Projects that are gone altogether.
    for (const projectId of indexed.keys()) stale.push(() => this.removeProject(projectId));
    if (missing > 0) this.log.info('indexing transcripts for search', { documents: missing });
    // Removed in the background: nobody can search what is not listed.
    void Promise.all(stale.map((remove) => remove())).catch((error: unknown) => this.log.error('could not remove deleted documents from the search index', { error }));
  }
}
