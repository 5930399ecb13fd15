/**
 * CSE-CIC-IDS2018 label → attack family, as in the A³ reference code. The files spell
 * "Infilteration"; both spellings map to Infiltration.
 */
export const CIC_IDS2018_FAMILIES: Readonly<Record<string, string>> = {
  Benign: 'Benign',
  Bot: 'Bot',
  'FTP-BruteForce': 'BruteForce',
  'SSH-Bruteforce': 'BruteForce',
  'DDoS attacks-LOIC-HTTP': 'DDoS',
  'DDOS attack-LOIC-UDP': 'DDoS',
  'DDOS attack-HOIC': 'DDoS',
  'DoS attacks-GoldenEye': 'DoS',
  'DoS attacks-Slowloris': 'DoS',
  'DoS attacks-SlowHTTPTest': 'DoS',
  'DoS attacks-Hulk': 'DoS',
  Infilteration: 'Infiltration',
  Infiltration: 'Infiltration',
  'Brute Force -Web': 'WebAttacks',
  'Brute Force -XSS': 'WebAttacks',
  'SQL Injection': 'WebAttacks',
};

/** Identifier columns: they name a flow rather than describe it, and appear in only some files. */
export const CIC_IDS2018_ID_COLUMNS: readonly string[] = [
  'Flow ID',
  'Src IP',
  'Src Port',
  'Dst IP',
  'Timestamp',
];
