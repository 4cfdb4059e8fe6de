export async function analyze(_argv: string[]): Promise<number> { return 2; }
