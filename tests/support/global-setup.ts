// Placeholder until the database layer lands: starts nothing.
export default async function globalSetup(): Promise<void> {}
