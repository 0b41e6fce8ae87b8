/** A catalog file (or directory) the service cannot use; the message names it. */
export class CatalogError extends Error {
  constructor(
    readonly file: string,
    readonly problem: string,
  ) {
    super(`${file}: ${problem}`);
    this.name = "CatalogError";
  }
}
