/**
 * How a contract suite opens the store under test: a fresh, empty location (a SQLite file, a
 * PostgreSQL schema…) per test, and a store opened on it as often as the test asks — reopening
 * proves durability, and two stores open on one location at once are two server instances on one
 * database (the concurrency cases).
 */
export interface StoreHarness<Store> {
  freshLocation(): Promise<string>;
  open(location: string): Promise<Store>;
}
