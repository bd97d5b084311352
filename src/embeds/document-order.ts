/**
 * Document order for lists of elements found by separate queries (src/embeds/scan.ts queries each
 * hook alone over a whole document, docs/performance.md "Detection"), without the browser's
 * `compareDocumentPosition`, which walks siblings.
 */

/**
 * Lists of elements of one document, each in document order, merged into one in document order
 * without repeats. The shortest are merged first: few comparisons when most lists are empty or short.
 */
export function mergeInDocumentOrder(lists: readonly ArrayLike<Element>[]): Element[] {
  const sorted = lists.filter((list) => list.length > 0).sort((a, b) => a.length - b.length);
  let merged: Element[] = sorted[0] ? Array.from(sorted[0]) : [];
  const compare = compareInDocumentOrder();
  for (const list of sorted.slice(1)) merged = mergeTwo(merged, list, compare);
  return merged;
}

function mergeTwo(a: readonly Element[], b: ArrayLike<Element>, compare: (x: Node, y: Node) => number): Element[] {
  const out: Element[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a[i]!;
    const y = b[j]!;
    if (x === y) {
      out.push(x);
      i++;
      j++;
    } else if (compare(x, y) < 0) {
      out.push(x);
      i++;
    } else {
      out.push(y);
      j++;
    }
  }
  while (i < a.length) out.push(a[i++]!);
  while (j < b.length) out.push(b[j++]!);
  return out;
}

/**
 * Comparisons under one parent answered by `compareDocumentPosition` before its children are
 * numbered: an article's paragraphs are compared once or twice (numbering a hundred of them for
 * that cost more than the rest of the merge on the benchmark's heavy page), a flat feed's items
 * hundreds of times.
 */
const COMPARISONS_BEFORE_NUMBERING = 8;

/**
 * A comparison of two nodes of one document by document order, linear over a merge. Not
 * `compareDocumentPosition` alone: below the nodes' closest common ancestor, browsers walk the
 * siblings from one child to the other (Blink, happy-dom), so merging the embeds of a flat feed of
 * n siblings cost n² steps. Here each node's ancestors are read once, and the children of a common
 * ancestor are numbered once it has been compared under a few times.
 */
export function compareInDocumentOrder(): (a: Node, b: Node) => number {
  const chains = new Map<Node, Node[]>();
  const positions = new Map<Node, Map<Node, number>>();
  const comparisons = new Map<Node, number>();
  const chainOf = (node: Node) => {
    let chain = chains.get(node);
    if (!chain) {
      chain = [];
      for (let n: Node | null = node; n; n = n.parentNode) chain.push(n);
      chain.reverse();
      chains.set(node, chain);
    }
    return chain;
  };
  /** Two different children of `parent`: negative when `x` comes first. */
  const compareChildren = (parent: Node, x: Node, y: Node) => {
    let numbered = positions.get(parent);
    if (!numbered) {
      const count = (comparisons.get(parent) ?? 0) + 1;
      comparisons.set(parent, count);
      // 4: Node.DOCUMENT_POSITION_FOLLOWING (y follows x).
      if (count <= COMPARISONS_BEFORE_NUMBERING) return x.compareDocumentPosition(y) & 4 ? -1 : 1;
      numbered = new Map();
      let k = 0;
      // Below the document, every node of a chain is an element: its siblings that are text need no number.
      for (let n = (parent as ParentNode).firstElementChild; n; n = n.nextElementSibling) numbered.set(n, k++);
      positions.set(parent, numbered);
    }
    return (numbered.get(x) ?? 0) - (numbered.get(y) ?? 0);
  };
  return (a, b) => {
    const chainA = chainOf(a);
    const chainB = chainOf(b);
    let i = 0;
    while (i < chainA.length && i < chainB.length && chainA[i] === chainB[i]) i++;
    // One holds the other: the ancestor comes first.
    if (i === chainA.length) return -1;
    if (i === chainB.length) return 1;
    return compareChildren(chainA[i - 1]!, chainA[i]!, chainB[i]!);
  };
}
