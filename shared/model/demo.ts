/**
 * The demo project's name: the server gives it to every demo project it makes, and the project
 * home recognises it to introduce the demo (a renamed demo is simply a project).
 */
export const demoProjectName = 'Demo: implementation support pathways';
