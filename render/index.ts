export * from './camera-config.js';
export * from './camera-poses.js';
export * from './renderer.js';
export * from './scene-shapes.js';
export { ChromiumRenderer } from './chromium/chromium-renderer.js';
export * from './image-obs-mode.js';
