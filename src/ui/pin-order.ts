import { infoNumber } from './format.ts'
import type { PinStatus } from '../index.ts'

/** The orders the list offers. The API lists newest first; the others are sorted in the page. */
export const ORDERS = ['newest', 'oldest', 'name', 'size'] as const
export type Order = (typeof ORDERS)[number]

export const ORDER_LABELS: Record<Order, string> = {
  newest: 'Newest first',
  oldest: 'Oldest first',
  name: 'Name (A to Z)',
  size: 'Largest first'
}

/** Matches read at once to sort them here: the API's own largest page. */
export const SORT_WINDOW = 1000

const names = new Intl.Collator('en', { numeric: true, sensitivity: 'base' })

/** The size a person would expect: the whole DAG once pinned, what has arrived while pinning. */
function sizeOf (pin: PinStatus): number {
  return infoNumber(pin.info, 'dag_size') ?? infoNumber(pin.info, 'bytes_fetched') ?? -1
}

/** Sorts pins (given newest first); ties keep newest first. Unnamed and unsized pins go last. */
export function sortPins (pins: PinStatus[], order: Exclude<Order, 'newest'>): PinStatus[] {
  const sorted = [...pins]
  switch (order) {
    case 'oldest':
      return sorted.reverse()
    case 'name':
      return sorted.sort((a, b) => {
        const [x, y] = [a.pin.name ?? '', b.pin.name ?? '']
        if (x === '' || y === '') return (x === '' ? 1 : 0) - (y === '' ? 1 : 0)
        return names.compare(x, y)
      })
    case 'size':
      return sorted.sort((a, b) => sizeOf(b) - sizeOf(a))
  }
}
