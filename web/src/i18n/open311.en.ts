/** English strings of the workspace's Open311 page. */
const open311En = {
  title: 'Open interface (Open311)',
  intro:
    'Third-party apps (a citizen hotline app, say) can list the district’s services and file requests through Open311 GeoReport v2. Filing needs a key the district issues; a key is shown once, when it is issued, and the platform keeps only its digest.',
  endpoint: 'Endpoint',
  issue: 'Issue a key',
  actions: 'Actions',
  label: 'What it is for',
  labelHelp: 'e.g. “Citizen hotline app”, to recognise it later',
  labelRequired: 'Say what the key is for',
  issued: 'New key (shown this once: copy it now and keep it safe)',
  copy: 'Copy',
  copied: 'Copied',
  keys: 'Issued keys',
  hint: 'Hint',
  createdAt: 'Issued',
  createdBy: 'Issued by',
  state: 'State',
  active: 'Active',
  revoked: 'Revoked',
  revoke: 'Revoke',
  revokeConfirm: 'Apps using this key will be refused at once. Revoke it?',
  empty: 'No keys issued yet',
  adminOnly: 'Only the district admin manages Open311 keys.',
};
export default open311En;
