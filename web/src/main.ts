import { App } from './app.ts';
import { VIEWS, type ViewName } from './state/view-state.ts';
import { empty, errorBox, h, loading, replace } from './ui/dom.ts';
import { mountMapPage, type MapPage } from './views/map-page.ts';
import { mountCoordinator } from './views/coordinator.ts';
import { mountMatching } from './views/matching.ts';
import { mountResearcher } from './views/researcher.ts';
import { mountSurveys } from './views/surveys.ts';
import { mapPrunedParts } from './views/map-page.ts';
import { coordinatorPrunedParts } from './views/coordinator.ts';
import { matchingPrunedParts } from './views/matching.ts';
import { mountPrunedVersion, type PrunedParts, prunedSummary, versionLabel } from './views/pruned-version.ts';

const TITLES: Record<ViewName, string> = { map: 'Map', coordinator: 'Coordinator', matching: 'Matching', researcher: 'Researcher', surveys: 'Surveys' };

const app = new App();
const main = document.getElementById('main')!;
const nav = document.getElementById('nav')!;
const wsSelect = document.getElementById('ws-select') as HTMLSelectElement;
const versionSelect = document.getElementById('version-select') as HTMLSelectElement;
let current: { view: ViewName; key: string; destroy: () => void; pruned?: boolean } | null = null;
/** What the map views say of a pruned version (the researcher's page has its own; surveys use the newest version). */
const PRUNED: Partial<Record<ViewName, (app: App) => PrunedParts>> = {
  map: mapPrunedParts,
  coordinator: coordinatorPrunedParts,
  matching: matchingPrunedParts,
};

function renderNav(): void {
  replace(
    nav,
    VIEWS.map((v) =>
      h('a', {
        text: TITLES[v],
        attrs: { href: `#/${v}`, 'aria-current': app.state.view === v ? 'page' : undefined, 'data-view': v },
        on: {
          click: (e) => {
            e.preventDefault();
            app.update({ view: v }, { push: true });
          },
        },
      }),
    ),
  );
}

function renderSelectors(): void {
  replace(
    wsSelect,
    app.workspaces.map((w) => h('option', { text: w.name, attrs: { value: w.name, selected: w.name === app.ws } })),
  );
  replace(
    versionSelect,
    app.versions.map((v) => {
      // Short enough for the header's select; the title says the rest.
      const { text, title } = versionLabel(v);
      return h('option', { text, attrs: { value: String(v.number), selected: String(v.number) === app.version, title } });
    }),
  );
}

/** Mounts the view for the current state; views that share the map keep it across selection changes. */
function mount(force = false): void {
  const view = app.state.view;
  const key = `${view}|${app.ws}|${app.version}`;
  if (!force && current?.key === key) return;
  current?.destroy();
  current = null;
  renderNav();
  document.title = `hubgraph — ${TITLES[view]}`;
  if (!app.ws || !app.version) {
    if (view === 'researcher') {
      current = { view, key, destroy: mountResearcher(app, main) };
    } else replace(main, h('div', { class: 'page' }, empty('No dataset yet. Open the Researcher view to upload one.')));
    return;
  }
  if (view === 'researcher' || view === 'surveys') {
    app.killMap(); // release the WebGL contexts: these views have no map
    current = { view, key, destroy: (view === 'researcher' ? mountResearcher : mountSurveys)(app, main), pruned: !!prunedSummary(app) };
    return;
  }
  const prunedParts = PRUNED[view];
  if (prunedParts && prunedSummary(app)) {
    // Retention removed the version's nodes and ties: no map, but what was kept and the way back.
    app.killMap();
    const page = h('div', { class: 'page' });
    replace(main, page);
    mountPrunedVersion(page, app, prunedParts(app));
    current = { view, key, destroy: () => {}, pruned: true };
    return;
  }
  const page: MapPage = mountMapPage(app, main, view !== 'map');
  let destroySide = () => {};
  if (view === 'coordinator' && page.side) destroySide = mountCoordinator(app, page.side);
  if (view === 'matching' && page.side) destroySide = mountMatching(app, page.side);
  current = {
    view,
    key,
    destroy: () => {
      destroySide();
      page.destroy();
    },
  };
}

async function reloadVersions(): Promise<void> {
  await app.loadVersions();
  renderSelectors();
}

// After an upload or an accepted round: the new version becomes current.
app.reload = async (opts = {}) => {
  await app.loadWorkspaces();
  if (opts.newest) {
    app.version = null;
    app.update({ version: undefined });
  }
  await reloadVersions();
  mount(true);
};

// A 410 means a version was pruned since the list was read: reread it and, if it is this one, show what was kept.
app.onGone = () =>
  void reloadVersions().then(() => {
    if (current && !current.pruned && prunedSummary(app)) mount(true);
  });

async function boot(): Promise<void> {
  replace(main, loading('workspaces'));
  try {
    await app.loadWorkspaces();
    await reloadVersions();
  } catch (e) {
    replace(
      main,
      errorBox(e, () => void boot()),
    );
    return;
  }
  mount(true);
}

wsSelect.addEventListener('change', async () => {
  app.version = null;
  app.update({ workspace: wsSelect.value, version: undefined, selected: undefined, ego: undefined });
  await reloadVersions();
  mount();
});
versionSelect.addEventListener('change', () => {
  app.version = versionSelect.value;
  app.update({ version: versionSelect.value, selected: undefined });
  mount();
});
document.getElementById('copy-link')!.addEventListener('click', async () => {
  const url = app.shareLink();
  try {
    await navigator.clipboard.writeText(url);
    app.toast('Link copied');
  } catch {
    prompt('Copy this link', url);
  }
});
app.onChange((changed) => {
  if ('view' in changed) mount();
});
window.addEventListener('hashchange', () => {
  const changed = app.restoreFromHash();
  if ('workspace' in changed || 'version' in changed) {
    app.version = app.state.version ?? null;
    void reloadVersions().then(() => mount());
    return;
  }
  if ('view' in changed) mount();
  else app.notify(changed);
});

// The skip link moves focus to the content without touching the hash, which holds the route and filters.
document.querySelector<HTMLAnchorElement>('a.skip')?.addEventListener('click', (e) => {
  e.preventDefault();
  main.focus();
});

void boot();
