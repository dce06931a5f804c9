import { createRouter, createWebHashHistory, type RouteRecordRaw, type RouterHistory } from 'vue-router'
import NewExperimentView from './views/NewExperimentView.vue'
import LiveView from './views/LiveView.vue'
import HistoryView from './views/HistoryView.vue'
import RunDetailView from './views/RunDetailView.vue'
import CompareView from './views/CompareView.vue'
import StudyView from './views/StudyView.vue'
import NotFoundView from './views/NotFoundView.vue'
import DocsView from './views/DocsView.vue'
import { parseIds } from './lib/format'

export const routes: RouteRecordRaw[] = [
  { path: '/', redirect: '/new' },
  { path: '/new', name: 'new', component: NewExperimentView },
  { path: '/live', name: 'live', component: LiveView },
  { path: '/history', name: 'history', component: HistoryView },
  {
    path: '/runs/:id(\\d+)',
    name: 'run',
    component: RunDetailView,
    props: (r) => ({ id: Number(r.params.id) })
  },
  {
    path: '/experiments/:id(\\d+)',
    name: 'study',
    component: StudyView,
    props: (r) => ({ id: Number(r.params.id) })
  },
  {
    path: '/compare',
    name: 'compare',
    component: CompareView,
    props: (r) => ({ ids: parseIds(r.query.ids) })
  },
  { path: '/docs/:name', name: 'docs', component: DocsView, props: true },
  { path: '/:pathMatch(.*)*', name: 'not-found', component: NotFoundView }
]

/**
 * Hash history: the desktop app loads index.html from file://, where path URLs cannot be served.
 * In browser mode the hash keeps the ?token=… query of the page URL untouched.
 */
export function createLabRouter(history: RouterHistory = createWebHashHistory()) {
  return createRouter({ history, routes })
}
