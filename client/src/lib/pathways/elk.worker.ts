// The layout worker: elkjs's own worker build. Loaded in a worker scope, it installs
// `self.onmessage` and answers the layout requests `elk-api.js` sends from the page.
import 'elkjs/lib/elk-worker.min.js';
