/** Chinese strings of the workspace's Open311 page (开放接口). */
const open311Zh = {
  title: '开放接口（Open311）',
  intro:
    '第三方应用（如市民热线 App）可按 Open311 GeoReport v2 标准查询本区县的服务并提交诉求。提交需要区县签发的密钥；密钥只在签发时显示一次，平台仅保存其摘要。',
  endpoint: '接口地址',
  issue: '签发密钥',
  actions: '操作',
  label: '用途说明',
  labelHelp: '例如“市民热线 App”，便于日后识别',
  labelRequired: '请填写用途说明',
  issued: '新密钥（只显示这一次，请立即复制并安全保存）',
  copy: '复制',
  copied: '已复制',
  keys: '已签发的密钥',
  hint: '识别码',
  createdAt: '签发时间',
  createdBy: '签发人',
  state: '状态',
  active: '有效',
  revoked: '已吊销',
  revoke: '吊销',
  revokeConfirm: '吊销后使用该密钥的应用将立即无法提交诉求，确定吊销？',
  empty: '尚未签发密钥',
  adminOnly: '仅区县管理员可以管理开放接口密钥。',
};
export default open311Zh;
