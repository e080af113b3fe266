-- A small knowledge base for the query tests (tests/t_query.c, t_kbq.sh).
-- Loaded after schema/kb.sql.  Invented articles about a "widget sync"
-- product in English, Swedish and German, plus an unrelated printer
-- article, so that ranking has neighbours to choose between.

INSERT INTO articles(id, path, key, locale, title, description, date, hash, size) VALUES
 (1, 'en/widgets/sync-troubleshoot.md', 'widgets/sync-troubleshoot.md', 'en',
  'Troubleshoot widget sync', '', '2026-01-01', 'h1', 100),
 (2, 'sv/widgets/sync-troubleshoot.md', 'widgets/sync-troubleshoot.md', 'sv',
  'Felsök widgetsynkronisering', '', '2026-01-01', 'h2', 100),
 (3, 'de/widgets/sync-troubleshoot.md', 'widgets/sync-troubleshoot.md', 'de',
  'Problembehandlung bei der Widget-Synchronisierung', '', '2026-01-01', 'h3', 100),
 (4, 'en/printing/spooler.md', 'printing/spooler.md', 'en',
  'Printer spooler errors', '', '2026-01-01', 'h4', 100);

INSERT INTO sections VALUES
 (1, 1, NULL, 2, 'Invalid license file', 'invalid-license-file', 10),
 (2, 1, NULL, 2, 'SyncBitmapError', 'sync-bitmap-error', 20),
 (3, 1, NULL, 2, 'Gateway timeout', 'gateway-timeout', 30),
 (4, 1, NULL, 2, 'Sync fails because the cache volume is out of space', 'cache-volume-full', 40),
 (5, 1, NULL, 2, 'Encryption passphrase not configured', 'encryption-passphrase', 50),
 (6, 2, NULL, 2, 'Ogiltig licensfil', 'invalid-license-file', 10),
 (7, 2, NULL, 2, 'Tidsgräns för gateway', 'gateway-timeout', 30),
 (8, 3, NULL, 2, 'Ungültige Lizenzdatei', 'invalid-license-file', 10),
 (9, 4, NULL, 2, 'Spooler stops while rendering', 'spooler-render', 10),
 (10, 4, NULL, 2, 'Paper jam reported', 'paper-jam', 20),
 (11, 2, NULL, 2, 'Bitmappfel vid synkronisering', 'bitmappfel-vid-synkronisering', 20);

INSERT INTO entries VALUES
 (1, 1, 1, 'error', 'invalid-license-file', 11, 1),
 (2, 1, 2, 'error', 'sync-bitmap-error', 21, 1),
 (3, 1, 3, 'error', 'gateway-timeout', 31, 1),
 (4, 1, 4, 'guide', 'cache-volume-full', 41, 1),
 (5, 1, 5, 'error', 'encryption-passphrase', 51, 1),
 (6, 2, 6, 'error', 'invalid-license-file', 11, 1),
 (7, 2, 7, 'error', 'gateway-timeout', 31, 1),
 (8, 3, 8, 'error', 'invalid-license-file', 11, 1),
 (9, 4, 9, 'error', 'spooler-render', 11, 1),
 (10, 4, 10, 'error', 'paper-jam', 21, 1),
 (11, 2, 11, 'error', 'bitmappfel-vid-synkronisering', 21, 1);

INSERT INTO messages VALUES
 (1, 1, 1, 'The license file is invalid or has expired. (ID: 34513)'),
 (2, 2, 1, 'Unable to read the change bitmap of the volume.'),
 (3, 3, 1, 'The sync gateway did not respond within the configured timeout period.'),
 (4, 5, 1, 'The encryption passphrase stored on this computer is not correctly configured.'),
 (5, 6, 1, 'Licensfilen är ogiltig eller har gått ut. (ID: 34513)'),
 (6, 7, 1, 'Synkroniseringsgatewayen svarade inte inom den konfigurerade tidsgränsen.'),
 (7, 8, 1, 'Die Lizenzdatei ist ungültig oder abgelaufen. (ID: 34513)'),
 (8, 9, 1, 'The spooler service terminated unexpectedly while rendering the page.'),
 (9, 10, 1, 'A paper jam was detected in tray {tray-number}.'),
 (10, 11, 1, 'Det går inte att läsa ändringsbitmappen för volymen (0x1FC07).');

INSERT INTO codes VALUES
 (1, 1, 1, '34513', '34513', 'number'),
 (2, 2, 1, 'SyncBitmapError', 'syncbitmaperror', 'symbol'),
 (3, 2, 2, '0x1FC07', '0x1fc07', 'hex'),
 (4, 3, 1, 'GATEWAY_TIMEOUT_ERROR', 'gateway_timeout_error', 'symbol'),
 (5, 5, 1, '34506', '34506', 'number'),
 (6, 6, 1, '34513', '34513', 'number'),
 (7, 7, 1, 'GATEWAY_TIMEOUT_ERROR', 'gateway_timeout_error', 'symbol'),
 (8, 8, 1, '34513', '34513', 'number'),
 (9, 9, 1, 'SPOOL_RENDER_FAILED', 'spool_render_failed', 'symbol'),
 (10, 11, 1, 'SyncBitmapError', 'syncbitmaperror', 'symbol');

INSERT INTO fixes VALUES
 (1, 1, 1), (2, 2, 1), (3, 3, 1), (4, 3, 2), (5, 4, 1), (6, 5, 1),
 (7, 6, 1), (8, 9, 1);

INSERT INTO causes VALUES
 (1, 1, 1, 'The license file was downloaded more than 30 days ago.'),
 (2, 3, 1, 'A firewall blocks outbound port 443.'),
 (3, 4, 1, 'The gateway host is overloaded.'),
 (4, 7, 1, 'Licensfilen hämtades för mer än 30 dagar sedan.');

INSERT INTO actions VALUES
 (1, 1, 1, 'Download a new license file from the portal and import it again.'),
 (2, 2, 1, 'Run the volume consistency check and retry the sync.'),
 (3, 3, 1, 'Allow outbound traffic to the gateway endpoint.'),
 (4, 4, 1, 'Scale out the gateway.'),
 (5, 5, 1, 'Free disk space on the cache volume or move the cache folder to a larger volume.'),
 (6, 6, 1, 'Set the passphrase again in the agent console.'),
 (7, 7, 1, 'Hämta en ny licensfil från portalen.'),
 (8, 8, 1, 'Restart the spooler service and reinstall the printer driver.');
