import { onBeforeUnmount, onMounted, type Ref } from 'vue'

/**
 * Whether an element is in (or within MARGIN_PX of) the viewport, and a call each time it comes
 * into it. The Live charts draw only then: with 25 runs the jobs table fills a laptop's window
 * and the curves are below it, and three charts redrawn out of sight cost the undriven page
 * ≈ 0.8 of its 1.8 CPU-s over the sign-caveat preset (docs/ui.md, round 13). A chart that comes
 * into view catches up in one redraw (its lines take in every epoch since their last one).
 */
const MARGIN_PX = 200

export function useInView(el: Ref<Element | null>, entered: () => void): { inView: () => boolean } {
  // no observer (jsdom in tests, an old engine): everything counts as in view, as before
  let visible = typeof IntersectionObserver === 'undefined'
  let observer: IntersectionObserver | null = null
  onMounted(() => {
    if (visible || !el.value) return
    observer = new IntersectionObserver(
      (entries) => {
        const was = visible
        visible = entries[entries.length - 1].isIntersecting
        if (visible && !was) entered()
      },
      { rootMargin: `${MARGIN_PX}px` }
    )
    observer.observe(el.value)
  })
  onBeforeUnmount(() => observer?.disconnect())
  return { inView: () => visible }
}
