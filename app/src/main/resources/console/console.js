// The console: every few seconds it reads the workers, history, rules and alerts endpoints of
// this server and redraws. Every value from events, rules or the server is set as text
// (textContent), never parsed as markup. Plain DOM, no build step.
(function () {
  'use strict';
  var INTERVAL_MS = 2000;
  var problems = {};

  // Relative to the page, without any user:password@ the page was opened with: fetch() refuses
  // such URLs, and the browser sends the credentials it already holds for this origin anyway.
  function url(path) {
    var address = new URL(path, window.location.href);
    address.username = '';
    address.password = '';
    return address;
  }

  function text(tag, content, className) {
    var element = document.createElement(tag);
    if (content !== undefined && content !== null) element.textContent = String(content);
    if (className) element.className = className;
    return element;
  }

  function cell(label, content, className) {
    var element = text('td', content, className);
    element.dataset.label = label;
    return element;
  }

  // Fetches JSON; a failure names the endpoint and, where the server said it, why.
  function read(path) {
    return fetch(url(path), { headers: { Accept: 'application/json' }, credentials: 'same-origin' })
      .then(function (response) {
        return response.text().then(function (body) {
          if (response.ok) return JSON.parse(body);
          var reason = 'HTTP ' + response.status;
          try { reason += ': ' + JSON.parse(body).error; } catch (notJson) { /* the status says enough */ }
          throw new Error(reason);
        });
      });
  }

  // When the service stops answering, the summary says so instead of its last, stale words.
  var lastRead = null;

  function showProblems() {
    if (problems['actuator/workers']) {
      var summary = document.getElementById('summary');
      summary.textContent = 'No answer from the service' + (lastRead ? ' since ' + lastRead : '')
        + '; what is shown below is from then.';
      summary.className = 'error';
    }
    var list = document.getElementById('problems');
    list.replaceChildren.apply(list, Object.keys(problems).map(function (path) {
      var item = text('li', 'Cannot read /' + path + ': ' + problems[path], 'error');
      item.dataset.endpoint = path;
      return item;
    }));
  }

  function refreshing(path, render) {
    return read(path).then(function (body) {
      delete problems[path];
      render(body);
    }, function (error) {
      problems[path] = error.message;
    });
  }

  // ---- flow ----------------------------------------------------------------------------------

  var latest = null;

  function renderHistory(history) {
    var samples = history.samples;
    var times = samples.map(function (s) { return Date.parse(s.time); });
    var span = history.capacity * history.interval_ms;
    function values(key) { return samples.map(function (s) { return s[key]; }); }
    function chart(name, series) {
      KeelCharts.draw(document.querySelector('[data-chart="' + name + '"]'), times, series.map(function (s) {
        return { name: s[0], key: s[1], values: values(s[1]) };
      }), span);
    }
    chart('accepted', [['HTTP', 'accepted_http'], ['syslog TCP', 'accepted_syslog_tcp'],
      ['syslog UDP', 'accepted_syslog_udp'], ['refused (429/503)', 'refused_http']]);
    chart('stored', [['events', 'stored_events'], ['alerts', 'stored_alerts'], ['alerts raised', 'alerts_raised']]);
    chart('latency', [['mean', 'ack_mean_ms'], ['max', 'ack_max_ms']]);
    chart('lag', [['in detect', 'detect_queued'], ['in storage', 'storage_queued']]);
    document.getElementById('span').textContent = 'last ' + Math.round(span / 60000) + ' min, every '
      + history.interval_ms / 1000 + ' s';
    latest = samples.length ? samples[samples.length - 1] : null;
  }

  // ---- alerts --------------------------------------------------------------------------------

  // Alerts never change once raised, so each is built once and kept while it is listed: an
  // alert opened to show its events stays open across refreshes.
  var alertItems = new Map();

  function eventsOf(alert, panel) {
    panel.replaceChildren(text('p', 'Loading ' + alert.event_ids.length + ' events…', 'quiet'));
    var query = alert.event_ids.map(function (id) { return 'id=' + encodeURIComponent(id); }).join('&');
    read('console/events?' + query).then(function (events) {
      var list = text('ul', undefined, 'events');
      events.forEach(function (event) {
        var item = text('li');
        item.dataset.eventId = event.event_id;
        item.appendChild(text('time', new Date(event.timestamp).toISOString()));
        item.appendChild(text('code', event.event_id));
        var who = [event.host, event.user, event.src_ip].filter(Boolean).join(' · ');
        if (who) item.appendChild(text('span', who, 'who'));
        item.appendChild(text('span', event.message, 'message'));
        list.appendChild(item);
      });
      panel.replaceChildren(list);
      var missing = alert.event_ids.length - events.length;
      if (missing > 0) panel.appendChild(text('p', missing + ' of its events are not stored (yet).', 'quiet'));
    }, function (error) {
      panel.replaceChildren(text('p', 'Cannot read its events: ' + error.message, 'error'));
    });
  }

  function alertItem(alert) {
    var item = text('li', undefined, 'alert level-' + alert.level);
    item.dataset.alertId = alert.alert_id;
    var details = document.createElement('details');
    var summary = document.createElement('summary');
    summary.appendChild(text('span', alert.level, 'level'));
    summary.appendChild(text('span', alert.rule_title, 'rule'));
    if (alert.group_key) summary.appendChild(text('span', alert.group_key, 'group'));
    summary.appendChild(text('span', alert.event_ids.length + ' events', 'count'));
    summary.appendChild(text('time', new Date(alert.timestamp).toLocaleString()));
    details.appendChild(summary);
    var panel = text('div', undefined, 'alert-events');
    details.appendChild(panel);
    details.addEventListener('toggle', function () {
      if (details.open) eventsOf(alert, panel);
    });
    item.appendChild(details);
    return item;
  }

  function renderAlerts(alerts) {
    document.getElementById('alerts-empty').hidden = alerts.length > 0;
    var kept = new Map();
    alerts.forEach(function (alert) {
      kept.set(alert.alert_id, alertItems.get(alert.alert_id) || alertItem(alert));
    });
    alertItems = kept;
    var list = document.getElementById('alerts');
    list.replaceChildren.apply(list, Array.from(kept.values()));
  }

  // ---- rules ---------------------------------------------------------------------------------

  function renderRules(rules) {
    document.getElementById('rules-summary').textContent = rules.detection + ' detection and '
      + rules.correlation + ' correlation rules active from ' + rules.directory
      + (rules.loaded_at ? ', loaded ' + new Date(rules.loaded_at).toLocaleString() : '');
    var rejected = document.getElementById('rejected');
    rejected.replaceChildren.apply(rejected, rules.rejected.length ? rules.rejected.map(function (r) {
      var item = text('li');
      item.dataset.file = r.file;
      item.appendChild(text('code', r.file, 'file'));
      item.appendChild(text('span', r.reason, 'reason'));
      if (r.previous_active) item.appendChild(text('span', 'its previous version stays active', 'quiet'));
      return item;
    }) : [text('li', 'none', 'quiet')]);
    var sources = document.getElementById('logsources');
    sources.replaceChildren.apply(sources, rules.log_sources_seen.length ? rules.log_sources_seen.map(function (seen) {
      var item = text('li');
      item.dataset.logsource = seen.log_source;
      item.appendChild(text('code', seen.log_source));
      item.appendChild(text('span', ' ' + seen.events + ' events, each against ' + seen.rules + ' detection rule'
        + (seen.rules === 1 ? '' : 's'), 'quiet'));
      return item;
    }) : [text('li', 'no events yet', 'quiet')]);
    var quarantined = document.getElementById('quarantined');
    quarantined.replaceChildren.apply(quarantined, rules.quarantined.length ? rules.quarantined.map(function (q) {
      var item = text('li');
      item.appendChild(text('span', q.title + ' (' + q.rule_id + ')', 'rule'));
      item.appendChild(text('span', q.failures + ' failures, last: ' + q.last_error, 'reason'));
      return item;
    }) : [text('li', 'none', 'quiet')]);
  }

  // ---- components ----------------------------------------------------------------------------

  function queues(component) {
    var content = text('td');
    content.dataset.label = 'Queues';
    component.queues.forEach(function (queue) {
      var line = text('span', undefined, 'queue');
      line.dataset.queue = queue.name;
      var bar = text('span', undefined, 'bar');
      var fill = text('span');
      fill.style.width = Math.min(100, 100 * queue.depth / Math.max(1, queue.capacity)) + '%';
      bar.appendChild(fill);
      line.appendChild(bar);
      line.appendChild(text('span', queue.name + ' '));
      line.appendChild(text('span', queue.depth, 'depth'));
      line.appendChild(text('span', ' / ' + queue.capacity));
      content.appendChild(line);
    });
    return content;
  }

  function lastStop(component) {
    var stop = component.last_stop;
    if (!stop) return '—';
    var words = stop.status.toLowerCase().replace('_', ' ') + ' in ' + stop.duration_ms + ' of '
      + component.stop_timeout_ms + ' ms';
    return stop.stuck.length ? words + ', stuck: ' + stop.stuck.map(function (s) { return s.id; }).join(', ') : words;
  }

  function renderWorkers(report) {
    var body = document.querySelector('#components tbody');
    body.replaceChildren.apply(body, report.components.map(function (component) {
      var row = text('tr');
      row.dataset.component = component.name;
      var restarts = component.workers.reduce(function (sum, w) { return sum + w.restarts; }, 0);
      row.appendChild(cell('Component', component.name, 'name'));
      row.appendChild(cell('State', component.state, 'state state-' + component.state));
      row.appendChild(cell('Workers', component.live_workers, 'workers'));
      row.appendChild(cell('Restarts', restarts, restarts ? 'restarts warn' : 'restarts'));
      row.appendChild(queues(component));
      row.appendChild(cell('Last stop', lastStop(component), 'last-stop'));
      return row;
    }));
    var running = report.components.filter(function (c) { return c.state === 'RUNNING'; }).length;
    var workers = report.components.reduce(function (sum, c) { return sum + c.live_workers; }, 0);
    var words = running + ' of ' + report.components.length + ' components running, ' + workers + ' live workers';
    if (latest) {
      words += '; ' + KeelCharts.format(latest.accepted_http + latest.accepted_syslog_tcp + latest.accepted_syslog_udp)
        + ' events/s in, ' + KeelCharts.format(latest.stored_events) + ' stored/s, '
        + (latest.detect_queued + latest.storage_queued) + ' waiting';
    }
    var summary = document.getElementById('summary');
    lastRead = new Date().toLocaleTimeString();
    summary.textContent = words + '. Updated ' + lastRead + '.';
    summary.className = running === report.components.length ? '' : 'warn';
  }

  function refresh() {
    Promise.all([
      refreshing('actuator/history', renderHistory),
      refreshing('actuator/rules', renderRules),
      refreshing('console/alerts?limit=20', renderAlerts)
    ]).then(function () {
      return refreshing('actuator/workers', renderWorkers);
    }).finally(function () {
      showProblems();
      document.body.dataset.refreshed = String(Number(document.body.dataset.refreshed || 0) + 1);
      setTimeout(refresh, INTERVAL_MS);
    });
  }

  document.getElementById('interval').textContent = String(INTERVAL_MS / 1000);
  refresh();
}());
