import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia, type Pinia } from 'pinia'
import { createMemoryHistory, type Router } from 'vue-router'
import { setApi } from '../../../src-renderer/api'
import { createLabRouter } from '../../../src-renderer/router'
import App from '../../../src-renderer/App.vue'
import { framesPending } from '../../../src-renderer/charts/frameQueue'
import { FakeLab } from './fakeApi'

export interface Mounted {
  wrapper: VueWrapper
  router: Router
  api: FakeLab
  pinia: Pinia
}

/** The whole app (shell, router, stores) on a fake main side, opened at `path`. */
export async function mountApp(path: string, api = new FakeLab()): Promise<Mounted> {
  setApi(api)
  const pinia = createPinia()
  setActivePinia(pinia)
  const router = createLabRouter(createMemoryHistory())
  await router.push(path)
  await router.isReady()
  const wrapper = mount(App, { global: { plugins: [pinia, router] }, attachTo: document.body })
  await settle()
  return { wrapper, router, api, pinia }
}

/** Let promises, Vue updates and a couple of animation frames run. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 3; i++) {
    await flushPromises()
    await new Promise((r) => setTimeout(r, 0))
  }
  // charts redraw one per animation frame
  do {
    await new Promise<void>((r) => requestAnimationFrame(() => r()))
    await flushPromises()
  } while (framesPending() > 0)
}

/** The button whose accessible text is exactly `name`. */
export function buttonNamed(w: VueWrapper, name: string) {
  const found = w.findAll('button').filter((b) => (b.attributes('aria-label') ?? b.text().trim()) === name)
  if (!found.length)
    throw new Error(
      `no button named “${name}”; buttons: ${w
        .findAll('button')
        .map((b) => b.attributes('aria-label') ?? b.text().trim())
        .join(' | ')}`
    )
  return found[0]
}
