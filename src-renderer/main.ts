// Renderer entry: mounts the Svelte app shell.
import { mount } from 'svelte';
import App from './App.svelte';
import './styles/global.css';

const target = document.getElementById('app');
if (!target) throw new Error('Portolan: #app element missing from index.html');
export default mount(App, { target });
