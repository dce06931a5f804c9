export function sourceEntry(file: string): string
