/** The page's views; the location hash names one (`#tokens`), so reloads and links keep the place. */
export const VIEWS = ['pins', 'add', 'tokens', 'storage', 'settings'] as const
export type View = (typeof VIEWS)[number]

export const VIEW_TITLES: Record<View, string> = {
  pins: 'Pins',
  add: 'Add',
  tokens: 'Access tokens',
  storage: 'Storage',
  settings: 'Settings'
}

/** Short names for the navigation, so that every tab fits at phone width. */
export const VIEW_TABS: Record<View, string> = { ...VIEW_TITLES, tokens: 'Tokens' }

export interface Route {
  view: View
  /** `#pins/<requestid>` opens that pin's details over the list. */
  requestid?: string
}

export function parseRoute (hash: string): Route {
  const [view = '', requestid] = hash.replace(/^#\/?/, '').split('/', 2).map(decode)
  if (!(VIEWS as readonly string[]).includes(view)) return { view: 'pins' }
  return view === 'pins' && requestid !== undefined && requestid !== '' ? { view, requestid } : { view: view as View }
}

export function routeHref (route: Route): string {
  return route.requestid === undefined ? `#${route.view}` : `#${route.view}/${encodeURIComponent(route.requestid)}`
}

export function navigate (route: Route): void {
  location.hash = routeHref(route)
}

function decode (part: string): string {
  try {
    return decodeURIComponent(part)
  } catch {
    return part
  }
}
