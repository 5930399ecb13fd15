/** The 41 NSL-KDD feature columns in file order (the .txt files add the attack name and a difficulty score). */
export const NSL_KDD_FEATURES: readonly string[] = [
  'duration', 'protocol_type', 'service', 'flag', 'src_bytes', 'dst_bytes', 'land', 'wrong_fragment', 'urgent',
  'hot', 'num_failed_logins', 'logged_in', 'num_compromised', 'root_shell', 'su_attempted', 'num_root',
  'num_file_creations', 'num_shells', 'num_access_files', 'num_outbound_cmds', 'is_host_login',
  'is_guest_login', 'count', 'srv_count', 'serror_rate', 'srv_serror_rate', 'rerror_rate', 'srv_rerror_rate',
  'same_srv_rate', 'diff_srv_rate', 'srv_diff_host_rate', 'dst_host_count', 'dst_host_srv_count',
  'dst_host_same_srv_rate', 'dst_host_diff_srv_rate', 'dst_host_same_src_port_rate',
  'dst_host_srv_diff_host_rate', 'dst_host_serror_rate', 'dst_host_srv_serror_rate', 'dst_host_rerror_rate',
  'dst_host_srv_rerror_rate',
];

export const NSL_KDD_CATEGORICAL: readonly string[] = ['protocol_type', 'service', 'flag'];

/**
 * The published vocabularies (the @attribute lists of the NSL-KDD .arff files, equal to the values
 * of the full KDDTrain+). Using them instead of the values seen in a training file gives the usual
 * 122-feature layout whichever training file is used: KDDTrain+_20Percent lacks 4 services.
 */
export const NSL_KDD_VOCABULARY: Readonly<Record<string, readonly string[]>> = {
  protocol_type: ['tcp', 'udp', 'icmp'],
  service: [
    'aol', 'auth', 'bgp', 'courier', 'csnet_ns', 'ctf', 'daytime', 'discard', 'domain', 'domain_u', 'echo', 'eco_i',
    'ecr_i', 'efs', 'exec', 'finger', 'ftp', 'ftp_data', 'gopher', 'harvest', 'hostnames', 'http', 'http_2784',
    'http_443', 'http_8001', 'imap4', 'IRC', 'iso_tsap', 'klogin', 'kshell', 'ldap', 'link', 'login', 'mtp', 'name',
    'netbios_dgm', 'netbios_ns', 'netbios_ssn', 'netstat', 'nnsp', 'nntp', 'ntp_u', 'other', 'pm_dump', 'pop_2',
    'pop_3', 'printer', 'private', 'red_i', 'remote_job', 'rje', 'shell', 'smtp', 'sql_net', 'ssh', 'sunrpc',
    'supdup', 'systat', 'telnet', 'tftp_u', 'tim_i', 'time', 'urh_i', 'urp_i', 'uucp', 'uucp_path', 'vmnet',
    'whois', 'X11', 'Z39_50',
  ],
  flag: ['OTH', 'REJ', 'RSTO', 'RSTOS0', 'RSTR', 'S0', 'S1', 'S2', 'S3', 'SF', 'SH'],
};

export type NslKddCategory = 'normal' | 'DoS' | 'Probe' | 'R2L' | 'U2R';

export const NSL_KDD_CATEGORIES: readonly NslKddCategory[] = ['normal', 'DoS', 'Probe', 'R2L', 'U2R'];

/**
 * Attack name → family, the standard mapping (as in the A³ reference code), including the 17
 * attacks that occur only in the test files.
 */
export const NSL_KDD_ATTACKS: Readonly<Record<string, NslKddCategory>> = {
  normal: 'normal',
  back: 'DoS', land: 'DoS', neptune: 'DoS', pod: 'DoS', smurf: 'DoS', teardrop: 'DoS',
  apache2: 'DoS', mailbomb: 'DoS', processtable: 'DoS', udpstorm: 'DoS',
  ipsweep: 'Probe', nmap: 'Probe', portsweep: 'Probe', satan: 'Probe', mscan: 'Probe', saint: 'Probe',
  ftp_write: 'R2L', guess_passwd: 'R2L', imap: 'R2L', multihop: 'R2L', phf: 'R2L', spy: 'R2L',
  warezclient: 'R2L', warezmaster: 'R2L', named: 'R2L', sendmail: 'R2L', snmpgetattack: 'R2L',
  snmpguess: 'R2L', worm: 'R2L', xlock: 'R2L', xsnoop: 'R2L',
  buffer_overflow: 'U2R', loadmodule: 'U2R', perl: 'U2R', rootkit: 'U2R', httptunnel: 'U2R', ps: 'U2R',
  sqlattack: 'U2R', xterm: 'U2R',
};
