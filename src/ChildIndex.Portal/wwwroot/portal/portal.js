// Progressive enhancement only: every page works without this file.
import { initAll } from '/govuk/govuk-frontend.min.js'

document.body.classList.add('js-enabled', 'govuk-frontend-supported')
initAll()

// The session ends after its idle time (15 minutes unless configured; on the server): warn two
// minutes before, or halfway through a shorter one.
const warning = document.getElementById('idle-warning')
if (warning) {
  const seconds = Number(warning.dataset.idleSeconds || '900')
  setTimeout(() => { warning.hidden = false }, Math.max(seconds - 120, seconds / 2) * 1000)
}

// The break-glass countdown: the server's expiry time, counted down here.
for (const element of document.querySelectorAll('[data-expires-at]')) {
  const expires = Date.parse(element.dataset.expiresAt)
  const tick = () => {
    const seconds = Math.max(0, Math.round((expires - Date.now()) / 1000))
    const text = seconds > 0
      ? `${Math.floor(seconds / 60)} minutes ${seconds % 60} seconds left`
      : 'Access has expired: reload the page'
    const target = element.querySelector('[data-countdown]')
    if (target) target.textContent = text
    if (seconds > 0) setTimeout(tick, 1000)
  }
  tick()
}

// Print buttons on the printable view.
for (const button of document.querySelectorAll('[data-print]')) {
  button.hidden = false
  button.addEventListener('click', () => window.print())
}
