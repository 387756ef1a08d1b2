// Line charts as plain SVG: a few dozen lines instead of a chart library, because the console
// needs one kind of chart, must work offline and under "default-src 'self'", and tests read the
// values each line was drawn from (data-values) instead of pixels.
var KeelCharts = (function () {
  'use strict';
  var SVG = 'http://www.w3.org/2000/svg';
  var WIDTH = 600;
  var HEIGHT = 150;

  function svg(tag, attributes) {
    var element = document.createElementNS(SVG, tag);
    Object.keys(attributes).forEach(function (name) { element.setAttribute(name, attributes[name]); });
    return element;
  }

  function html(tag, content, className) {
    var element = document.createElement(tag);
    if (content !== undefined) element.textContent = content;
    if (className) element.className = className;
    return element;
  }

  // A round upper bound for the y axis: 1, 2 or 5 times a power of ten.
  function niceMax(value) {
    if (!(value > 0)) return 1;
    var power = Math.pow(10, Math.floor(Math.log10(value)));
    var steps = [1, 2, 5];
    for (var i = 0; i < steps.length; i++) {
      if (value <= steps[i] * power) return steps[i] * power;
    }
    return 10 * power;
  }

  function format(value) {
    if (value >= 1000) return Math.round(value).toLocaleString('en');
    if (value >= 10) return String(Math.round(value));
    return String(Math.round(value * 10) / 10);
  }

  // Draws `series` ([{name, key, values}]) over `times` (epoch ms) into `figure`, keeping its
  // caption. The x axis is the whole span, so the lines grow from the right as history fills.
  function draw(figure, times, series, spanMs) {
    var end = times.length ? times[times.length - 1] : Date.now();
    var start = end - spanMs;
    var max = niceMax(Math.max.apply(null, [0].concat(series.map(function (s) {
      return Math.max.apply(null, [0].concat(s.values));
    }))));
    var plot = svg('svg', { viewBox: '0 0 ' + WIDTH + ' ' + HEIGHT, preserveAspectRatio: 'none',
      role: 'img', 'aria-label': figure.querySelector('figcaption').textContent });
    [0, 0.5, 1].forEach(function (fraction) {
      var y = HEIGHT - fraction * HEIGHT;
      plot.appendChild(svg('line', { x1: 0, x2: WIDTH, y1: y, y2: y, class: 'grid' }));
    });
    series.forEach(function (line, index) {
      var points = line.values.map(function (value, i) {
        var x = (times[i] - start) / spanMs * WIDTH;
        var y = HEIGHT - value / max * HEIGHT;
        return x.toFixed(1) + ',' + y.toFixed(1);
      });
      plot.appendChild(svg('polyline', { points: points.join(' '), class: 'line line-' + index,
        'data-series': line.key, 'data-values': line.values.join(',') }));
    });
    var scale = html('div', undefined, 'scale');
    scale.appendChild(html('span', format(max)));
    scale.appendChild(html('span', format(max / 2)));
    scale.appendChild(html('span', '0'));
    var area = html('div', undefined, 'plot');
    area.appendChild(scale);
    area.appendChild(plot);
    var axis = html('div', undefined, 'axis');
    axis.appendChild(html('span', '−' + Math.round(spanMs / 60000) + ' min'));
    axis.appendChild(html('span', 'now'));
    var legend = html('ul', undefined, 'legend');
    series.forEach(function (line, index) {
      var item = html('li');
      item.appendChild(html('span', undefined, 'swatch line-' + index));
      item.appendChild(html('span', line.name + ' '));
      var latest = line.values.length ? line.values[line.values.length - 1] : 0;
      var value = html('strong', format(latest), 'latest');
      value.dataset.series = line.key;
      item.appendChild(value);
      legend.appendChild(item);
    });
    var caption = figure.querySelector('figcaption');
    figure.replaceChildren(caption, area, axis, legend);
  }

  return { draw: draw, format: format };
}());
