// Helpers the e2e harness calls in the JupyterLab page as window.e2e.<name>(...).
// Installed in every page before JupyterLab loads (BrowserContext.add_init_script).
// They read the notebook model through window.jupyterapp (the server runs with
// --LabApp.expose_app_in_browser) and the page's DOM for what is rendered.
'use strict';

window.e2e = (() => {
  const WIDGET_MIME = 'application/vnd.jupyter.widget-view+json';

  // The notebook panel that openOnly (or `?reset`) leaves as the only tab.
  function panel(path) {
    const current = window.jupyterapp.shell.currentWidget;
    if (!current || !current.context || current.context.path !== path) {
      throw new Error(`the current tab is not ${path}`);
    }
    return current;
  }

  // Top-level outputs shown under a cell (not those nested in widget outputs).
  function outputsOf(cell) {
    return [...cell.node.querySelectorAll(
      '.jp-Cell-outputArea > .jp-OutputArea-child > .jp-OutputArea-output')];
  }

  function imagesOf(cell) {
    return [...cell.node.querySelectorAll('.jp-Cell-outputArea img')];
  }

  function text(value) {
    return Array.isArray(value) ? value.join('') : (value ?? '');
  }

  // Run All has finished: the kernel is idle, some code cell ran and none is queued or running.
  function runFinished(path) {
    const notebook = panel(path);
    const code = notebook.content.widgets.filter(cell => cell.model.type === 'code');
    if (code.length === 0) return true;
    const idle = notebook.sessionContext.session?.kernel?.status === 'idle';
    const started = code.some(cell => cell.model.executionCount !== null);
    const running = code.some(cell => cell.model.executionState === 'running');
    return idle && started && !running;
  }

  // Every image has loaded (or failed to) and no widget is still "Loading widget...".
  function settled(path) {
    return panel(path).content.widgets.every(cell =>
      imagesOf(cell).every(img => img.complete)
      && outputsOf(cell).every(out => out.textContent !== 'Loading widget...'));
  }

  // One record per cell, in the shape of report.Cell.
  function readCells(path) {
    return panel(path).content.widgets.map((cell, index) => {
      const model = cell.model;
      const record = {index, type: model.type, source: model.sharedModel.getSource(),
                      nbgrader: model.getMetadata('nbgrader') ?? null};
      if (model.type !== 'code') return record;
      const outputs = model.outputs.toJSON();
      const images = imagesOf(cell);
      const shown = outputsOf(cell);
      return {...record,
        execution_count: model.executionCount ?? null,
        outputs: outputs.map(out => ({
          type: out.output_type, name: out.name ?? null,
          text: text(out.text ?? out.data?.['text/plain']), mimes: Object.keys(out.data ?? {}),
          ename: out.ename ?? null, evalue: out.evalue ?? null})),
        images: images.filter(img => img.complete && img.naturalWidth > 0).length,
        broken_images: images.filter(img => img.complete && img.naturalWidth === 0).length,
        widget_outputs: outputs.filter(out => WIDGET_MIME in (out.data ?? {})).length,
        widget_views: shown.filter(out => out.querySelector(':scope > .jupyter-widgets')).length,
        widget_errors: shown.map(out => out.textContent)
          .filter(t => t.startsWith('Error displaying widget') || t === 'Loading widget...'),
      };
    });
  }

  // A cell's output as a student sees it (its text and pictures), minus the sliders
  // themselves, whose position and readout change whenever they move.  Markup is
  // left out: re-rendering the same output changes attributes such as style.
  function snapshot(area) {
    const copy = area.cloneNode(true);
    copy.querySelectorAll('.widget-slider').forEach(slider => slider.remove());
    const pictures = [...copy.querySelectorAll('img, svg')].map(p => p.src ?? p.outerHTML);
    return JSON.stringify([copy.textContent, pictures]);
  }

  // The last line of the first traceback shown in an output area, or null.
  function traceback(area) {
    const shown = [...area.querySelectorAll('[data-mime-type="application/vnd.jupyter.stderr"]')]
      .map(node => node.innerText).find(t => t.includes('Traceback'));
    return shown ? shown.trim().split('\n').pop() : null;
  }

  // Start watching the kernel: kernelCycled() turns true once it has gone busy, then idle.
  let watch = null;
  let cycled = false;
  function watchKernel(path) {
    if (watch) watch.kernel.statusChanged.disconnect(watch.slot);
    const kernel = panel(path).sessionContext.session.kernel;
    let busy = false;
    cycled = false;
    const slot = (_, status) => {
      if (status === 'busy') busy = true;
      else if (busy && status === 'idle') cycled = true;
    };
    kernel.statusChanged.connect(slot);
    watch = {kernel, slot};
  }

  function kernelCycled() {
    return cycled;
  }

  function kernelIdle(path) {
    return panel(path).sessionContext.session?.kernel?.status === 'idle';
  }

  // Clear every output and execution count, then save: the file as a student leaves it.
  async function clearAndSave(path) {
    const notebook = panel(path);
    await window.jupyterapp.commands.execute('notebook:clear-all-cell-outputs');
    await notebook.context.save();
  }

  // Cell `index` has run (since its outputs were cleared) and the kernel is idle again.
  function cellRan(path, index) {
    const cell = panel(path).content.widgets[index];
    return cell.model.executionCount !== null && cell.model.executionState !== 'running'
      && kernelIdle(path);
  }

  function nextFrame() {
    return new Promise(resolve => requestAnimationFrame(() => requestAnimationFrame(resolve)));
  }

  // Hide the file browser and show the first plot or widget, for the screenshot.
  // Scrolls again until the layout stops moving (late typesetting shifts it).
  async function frameForScreenshot(path) {
    const notebook = panel(path).content;
    window.jupyterapp.shell.collapseLeft();
    const target = notebook.widgets
      .map(cell => cell.node.querySelector('.jp-Cell-outputArea'))
      .find(area => area?.querySelector('img, .jupyter-widgets')) ?? notebook.widgets[0]?.node;
    let top = null;
    for (let attempt = 0; target && attempt < 20; attempt++) {
      target.scrollIntoView({block: 'start'});
      await nextFrame();
      const now = target.getBoundingClientRect().top;
      if (now === top) break;
      top = now;
    }
  }

  // Close every tab (dropping unsaved outputs) and open `path` alone, in the page
  // already loaded: far cheaper than loading JupyterLab again for each notebook.
  async function openOnly(path) {
    const app = window.jupyterapp;
    await app.started;
    await app.restored;
    for (const widget of Array.from(app.shell.widgets('main'))) {
      if (widget.context?.model) widget.context.model.dirty = false;
      widget.dispose();
    }
    await app.commands.execute('docmanager:open', {path, factory: 'Notebook'});
  }

  return {runFinished, settled, readCells, snapshot, traceback, watchKernel, kernelCycled, kernelIdle, cellRan, clearAndSave,
          frameForScreenshot, openOnly};
})();
