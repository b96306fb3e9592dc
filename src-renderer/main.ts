// Renderer entry: bundled fonts and styles, the plan store (bundled sample until the storage layer
// provides one) and the editor screen.
import '@fontsource/inter/400.css';
import '@fontsource/inter/500.css';
import '@fontsource/inter/600.css';
import '@fontsource/inter/700.css';
import '@xyflow/svelte/dist/style.css';
import './styles/global.css';
import './styles/panels.css';
import { mount } from 'svelte';
import App from './App.svelte';
import { platform } from './platform/index';
import { PlanStore } from './state/plan-store.svelte';
import { samplePlan } from './state/samples';
import { startStorage } from './state/storage.svelte';

const target = document.getElementById('app');
if (!target) throw new Error('Portolan: #app element missing from index.html');

const store = new PlanStore(samplePlan());
// Storage (Dexie): reopens the last plan (the sample on a first start) and autosaves every edit.
const storage = startStorage(store, platform, { firstPlan: samplePlan });
// Wait briefly for the stored plan so the sample does not flash; never block on a stuck database.
await Promise.race([storage.ready, new Promise((resolve) => setTimeout(resolve, 1500))]);
export default mount(App, { target, props: { store, files: storage.files } });
