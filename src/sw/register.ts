import { CLAIM_PAGE } from './messages.ts'

/** How long a page waits for the service worker to take it over and answer before it reports failure. */
const TAKEOVER_TIMEOUT_MS = 15_000
/** How often an open page checks for a new build of the worker (the browser does on navigations too). */
const UPDATE_CHECK_MS = 60 * 60_000

export class ServiceWorkerUnavailableError extends Error {
  override name = 'ServiceWorkerUnavailableError'
}

/**
 * Registers the service worker (or finds it registered) and resolves once it controls this page and answers the
 * API: a request made then is served. The API itself never depends on this page afterwards.
 */
export async function registerServiceWorker (
  workerUrl: string,
  apiEndpoint: string
): Promise<ServiceWorkerRegistration> {
  const container = globalThis.navigator?.serviceWorker
  if (container === undefined) {
    throw new ServiceWorkerUnavailableError(
      isSecureContext
        ? 'This browser offers no service workers here (private mode or a browser setting may turn them off): the API cannot run'
        : `Service workers need a secure context (https://, or http://localhost / 127.0.0.1); this page is ${location.origin}`
    )
  }
  const registration = await register(container, workerUrl)
  const deadline = Date.now() + TAKEOVER_TIMEOUT_MS
  await untilControlled(container, registration, deadline)
  while (!await answersApi(apiEndpoint)) {
    // Controlled by another worker of this scope (an older build being replaced): wait for the takeover.
    if (!await nextControllerChange(container, deadline)) {
      throw new ServiceWorkerUnavailableError(
        `The service worker at ${workerUrl} controls this page but does not answer ${apiEndpoint}`
      )
    }
  }
  return registration
}

/**
 * Registers the worker. The same script URL resolves with the installed worker without fetching anything (the
 * browser checks for a new build on navigations by itself, silently); a new URL installs that worker.
 */
async function register (container: ServiceWorkerContainer, workerUrl: string): Promise<ServiceWorkerRegistration> {
  try {
    // 'none': an update check always fetches the script itself, never an HTTP-cached copy.
    return await container.register(workerUrl, { updateViaCache: 'none' })
  } catch (error) {
    throw new ServiceWorkerUnavailableError(
      `The service worker ${workerUrl} could not be registered: ${
        error instanceof Error ? error.message : String(error)
      }`
    )
  }
}

/**
 * A page that stays open for days (the engine's tab) still gets new builds: it checks every `everyMs`. A failed
 * check (offline, a deploy in progress) is said once, not at every try, and tried again at the next; the installed
 * worker goes on answering meanwhile. Returns a function that stops the checks.
 */
export function keepUpToDate (
  registration: Pick<ServiceWorkerRegistration, 'update'>,
  everyMs = UPDATE_CHECK_MS
): () => void {
  let failing = false
  const timer = setInterval(() => {
    registration.update().then(() => {
      failing = false
    }, (error: unknown) => {
      if (!failing) {
        console.warn(
          `pinning service: the check for a new version failed (${
            error instanceof Error ? error.message : String(error)
          }); the installed version goes on, and is checked again in ${Math.round(everyMs / 60_000)} min`
        )
      }
      failing = true
    })
  }, everyMs)
  return () => {
    clearInterval(timer)
  }
}

async function untilControlled (
  container: ServiceWorkerContainer,
  registration: ServiceWorkerRegistration,
  deadline: number
): Promise<void> {
  if (await beforeDeadline(container.ready, deadline) === undefined) {
    throw new ServiceWorkerUnavailableError('The service worker did not finish installing in time; reload the page')
  }
  while (container.controller === null) {
    // Activation claims every open page; one loaded with a hard reload (which skips workers) asks again.
    registration.active?.postMessage(CLAIM_PAGE)
    if (!await nextControllerChange(container, deadline)) {
      throw new ServiceWorkerUnavailableError(
        'The service worker was installed but did not take this page over; reload the page'
      )
    }
  }
}

/** True once `controllerchange` fires, false at the deadline. */
async function nextControllerChange (container: ServiceWorkerContainer, deadline: number): Promise<boolean> {
  const changed = new Promise<true>((resolve) => {
    container.addEventListener('controllerchange', () => {
      resolve(true)
    }, { once: true })
  })
  return await beforeDeadline(changed, deadline) ?? false
}

/** The promise's value, or undefined once the deadline has passed. */
async function beforeDeadline<T> (promise: Promise<T>, deadline: number): Promise<T | undefined> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const expired = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => {
      resolve(undefined)
    }, Math.max(0, deadline - Date.now()))
  })
  try {
    return await Promise.race([promise, expired])
  } finally {
    clearTimeout(timer)
  }
}

/**
 * Asks the API which methods `/pins` takes (OPTIONS needs no token, so no failed request shows in the console):
 * only the API's own answer names exactly these.
 */
async function answersApi (endpoint: string): Promise<boolean> {
  try {
    const response = await fetch(`${endpoint}/pins`, { method: 'OPTIONS', cache: 'no-store' })
    return response.status === 204 && response.headers.get('allow') === 'GET, POST, OPTIONS'
  } catch {
    return false
  }
}
