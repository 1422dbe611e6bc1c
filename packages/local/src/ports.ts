import { createServer } from 'node:net';
import { LocalPlatformError } from './errors.ts';

const canListen = (port: number, host?: string) =>
  new Promise<boolean>((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
  });

/** Whether nothing listens on `port` (checked on every interface and on loopback). */
export const isPortFree = async (port: number): Promise<boolean> =>
  (await canListen(port)) && (await canListen(port, '127.0.0.1'));

/** A port the OS reports free right now. */
export const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen({ port: 0, host: '127.0.0.1' }, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });

/** One line telling the user which port is busy and how to choose another. */
export const portBusyError = (port: number, what: string, envVar: string) =>
  new LocalPlatformError(
    `Port ${port} (${what}) is already in use. Stop whatever uses it (\`lsof -i :${port}\`) or choose another port: ${envVar}=${port + 10} npm start`,
    'PORT_BUSY',
  );

/**
 * The port to use: `explicit` if given (it must be free, else a PORT_BUSY error naming
 * `envVar`), otherwise `preferred` when free (stable across restarts), otherwise any free port.
 */
export const choosePort = async (opts: {
  explicit?: number | undefined;
  preferred?: number | undefined;
  what: string;
  envVar: string;
}): Promise<number> => {
  if (opts.explicit !== undefined) {
    if (!(await isPortFree(opts.explicit))) throw portBusyError(opts.explicit, opts.what, opts.envVar);
    return opts.explicit;
  }
  if (opts.preferred !== undefined && (await isPortFree(opts.preferred))) return opts.preferred;
  return freePort();
};

/** Parses a port from an environment variable (undefined when unset). */
export const envPort = (name: string): number | undefined => {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return undefined;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new LocalPlatformError(`${name}=${raw} is not a port number (1-65535).`, 'BAD_CONFIG');
  }
  return port;
};
