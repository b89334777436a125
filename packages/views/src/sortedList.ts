/**
 * A multiset kept in order, for figures that follow a list of customers as it changes: filled in
 * bulk first (appended, sorted once when first read), then kept sorted one insertion or removal
 * at a time (a binary search and a move of the tail).
 */
export class SortedList<T> {
  private readonly items: T[] = [];
  private sorted = false;
  private readonly compare: (a: T, b: T) => number;

  constructor(compare: (a: T, b: T) => number) {
    this.compare = compare;
  }

  add(item: T): void {
    if (this.sorted) this.items.splice(this.firstAtOrAfter(item), 0, item);
    else this.items.push(item);
  }

  /** Removes one item the order holds equal to `item`. */
  remove(item: T): void {
    const index = this.firstAtOrAfter(item);
    if (index >= this.items.length || this.compare(this.items[index]!, item) !== 0)
      throw new Error("removing an item the list does not hold");
    this.items.splice(index, 1);
  }

  /** The items in order; the caller reads them, never changes them. */
  inOrder(): readonly T[] {
    if (!this.sorted) {
      this.items.sort(this.compare);
      this.sorted = true;
    }
    return this.items;
  }

  private firstAtOrAfter(item: T): number {
    const items = this.inOrder();
    let low = 0;
    let high = items.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.compare(items[middle]!, item) < 0) low = middle + 1;
      else high = middle;
    }
    return low;
  }
}

export const ascending = (a: number, b: number): number => a - b;
