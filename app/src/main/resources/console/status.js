// The status page: reads /actuator/workers every few seconds and shows each component's state,
// live worker count, queue depths and last stop. Plain DOM, no build step.
(function () {
  'use strict';
  var INTERVAL_MS = 2000;
  var body = document.querySelector('#components tbody');
  // Relative to the page, without any user:password@ the page was opened with: fetch() refuses
  // such URLs, and the browser sends the credentials it already holds for this origin anyway.
  var workersUrl = new URL('actuator/workers', window.location.href);
  workersUrl.username = '';
  workersUrl.password = '';
  var summary = document.getElementById('summary');

  function text(tag, content, className) {
    var element = document.createElement(tag);
    element.textContent = content;
    if (className) element.className = className;
    return element;
  }

  function queueCell(queues) {
    var cell = document.createElement('td');
    queues.forEach(function (queue) {
      var line = document.createElement('span');
      line.className = 'queue';
      line.dataset.queue = queue.name;
      var bar = document.createElement('span');
      bar.className = 'bar';
      var fill = document.createElement('span');
      fill.style.width = Math.min(100, 100 * queue.depth / Math.max(1, queue.capacity)) + '%';
      bar.appendChild(fill);
      line.appendChild(bar);
      var depth = text('span', String(queue.depth), 'depth');
      line.appendChild(text('span', queue.name + ' '));
      line.appendChild(depth);
      line.appendChild(text('span', ' / ' + queue.capacity));
      cell.appendChild(line);
    });
    return cell;
  }

  function lastStop(stop) {
    if (!stop) return '—';
    var words = stop.status.toLowerCase().replace('_', ' ') + ' in ' + stop.duration_ms + ' ms';
    return stop.stuck.length ? words + ', stuck: ' + stop.stuck.map(function (s) { return s.id; }).join(', ') : words;
  }

  function render(report) {
    var rows = report.components.map(function (component) {
      var row = document.createElement('tr');
      row.dataset.component = component.name;
      row.appendChild(text('td', component.name, 'name'));
      row.appendChild(text('td', component.state, 'state state-' + component.state));
      row.appendChild(text('td', String(component.live_workers), 'workers'));
      row.appendChild(queueCell(component.queues));
      row.appendChild(text('td', lastStop(component.lastStop), 'last-stop'));
      return row;
    });
    body.replaceChildren.apply(body, rows);
    var workers = report.components.reduce(function (sum, c) { return sum + c.live_workers; }, 0);
    summary.className = '';
    summary.textContent = report.components.length + ' components, ' + workers + ' live workers, updated '
        + new Date().toLocaleTimeString();
    document.body.dataset.loaded = 'true';
  }

  function refresh() {
    fetch(workersUrl, { headers: { Accept: 'application/json' }, credentials: 'same-origin' })
      .then(function (response) {
        if (!response.ok) throw new Error('HTTP ' + response.status);
        return response.json();
      })
      .then(render)
      .catch(function (error) {
        summary.className = 'error';
        summary.textContent = 'Cannot read /actuator/workers: ' + error.message;
      })
      .finally(function () { setTimeout(refresh, INTERVAL_MS); });
  }

  document.getElementById('interval').textContent = String(INTERVAL_MS / 1000);
  refresh();
}());
