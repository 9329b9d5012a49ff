// The few DOM shapes the in-page functions (page.evaluate / waitForFunction) use. The root
// tsconfig type-checks tests for Node, without the "dom" lib, and adding it would let product
// code use browser globals unnoticed; so files that run code in the page declare `document`
// in their own module scope with these types.
export interface DomElement {
  readonly textContent: string | null;
  readonly innerText: string;
  readonly style: { readonly top: string };
  getAttribute(name: string): string | null;
}

export interface DomImage extends DomElement {
  readonly complete: boolean;
  readonly naturalWidth: number;
  readonly naturalHeight: number;
}

export interface DomDocument {
  readonly documentElement: { readonly lang: string };
  querySelector(selector: string): DomElement | null;
  querySelectorAll(selector: string): ArrayLike<DomElement>;
}
