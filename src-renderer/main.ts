// first: configures zod before any imported module builds a schema
import './zodSetup'
import { createApp } from 'vue'
import { createPinia } from 'pinia'
import App from './App.vue'
import { createLabRouter } from './router'
import { registerCharts } from './charts/register'
import { useNotifications } from './stores/notifications'
import { useApi } from './api'
import './styles/base.css'

registerCharts()
const app = createApp(App)
const pinia = createPinia()
app.use(pinia)
app.use(createLabRouter())

// Anything a view did not catch still reaches the user as a readable message, not a blank view.
app.config.errorHandler = (err) => {
  useNotifications(pinia).error(err)
  console.error(err)
}
window.addEventListener('unhandledrejection', (e) => useNotifications(pinia).error(e.reason))
// browser mode: say at once that the server is gone, not at the next click
useApi().onDisconnect((message) => useNotifications(pinia).push('error', 'Disconnected', message))

app.mount('#app')
