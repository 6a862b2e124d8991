// Runs json-server (0.17) over the JSON file given as the first argument on 127.0.0.1 and a port
// the system picks, and prints the port once listening: its own CLI prints the port it was given
// (0), not the one it got. The routes and middlewares are json-server's own, as its CLI sets them.
const jsonServer = require('json-server');

const server = jsonServer.create();
server.use(jsonServer.defaults({ logger: true, noCors: true }));
server.use(jsonServer.router(process.argv[2]));
const listener = server.listen(0, '127.0.0.1', () => {
  console.log('json-server listening on ' + JSON.stringify(listener.address()));
});
