#include "fields/field_catalogue.h"


namespace kensa {
namespace {

using T = ValueType;

// Copied from ../shared/FIELDS.md (contract v1); the order is the catalogue's.
const std::vector<FieldSpec>& Catalogue() {
  static const std::vector<FieldSpec> kFields = {
      {"availability", "サービス稼働率", T::kPercent, {}, "the availability target or guarantee"},
      {"service_hours", "サービス提供時間", T::kHours, {}, "when the service itself runs (not the support desk)"},
      {"maintenance_notice", "計画停止・メンテナンスの事前告知", T::kDuration, {},
       "how long before planned maintenance users are told"},
      {"planned_downtime", "計画停止時間の上限", T::kDuration, {}, "the yearly cap on planned downtime"},
      {"rto", "目標復旧時間 (RTO)", T::kDuration, {},
       "target time to restore service after a failure; one finding per stated case"},
      {"rpo", "目標復旧時点 (RPO)", T::kDuration, {}, "how much recent data may be lost"},
      {"mttr", "平均復旧時間 (MTTR)", T::kDuration, {}, "mean time to repair"},
      {"disaster_recovery", "DR対策の有無", T::kBool, {},
       "a disaster-recovery arrangement (other sites or regions) exists"},
      {"backup_frequency", "バックアップ取得頻度", T::kFrequency, {}, "how often user data is backed up"},
      {"backup_generations", "バックアップ世代数", T::kCount, {}, "how many backup generations are kept"},
      {"backup_retention", "バックアップ保存期間", T::kDuration, {}, "how long a backup is kept"},
      {"incident_notification_time", "セキュリティインシデント通知の目標時間", T::kDuration, {},
       "time from learning of a security incident to telling users"},
      {"failure_notification_time", "障害通知時間", T::kDuration, {},
       "time from detecting an outage or failure to telling users"},
      {"notification_channels", "障害・インシデントの通知手段", T::kSet,
       {"email", "phone", "web", "in_app", "chat"}, "how users are told of failures and incidents"},
      {"data_location", "データの保管場所", T::kEnum, {"domestic", "overseas", "domestic_and_overseas"},
       "where customer data and its backups are stored"},
      {"cloud_provider", "利用するクラウド基盤", T::kSet, {"AWS", "GCP", "Azure", "OCI", "SAKURA", "IIJ", "OTHER"},
       "the IaaS/PaaS the service runs on"},
      {"governing_law", "準拠法", T::kEnum, {"japan", "other"}, "the law governing the contract"},
      {"data_deletion", "解約後のデータ削除時期", T::kDuration, {},
       "time after termination until customer data is deleted"},
      {"log_retention", "ログの保存期間", T::kDuration, {}, "how long usage, access or operation logs are kept"},
      {"certifications", "取得済みの第三者認証", T::kSet,
       {"ISO27001", "ISO27017", "ISO27018", "PMARK", "ISMAP", "SOC1", "SOC2", "ISO9001", "ISO20000"},
       "held by the vendor for this service"},
      {"encryption_in_transit", "通信の暗号化", T::kEnum, {"TLS1.3", "TLS1.2", "TLS"},
       "the lowest version promised"},
      {"encryption_at_rest", "保存データの暗号化", T::kBool, {}, "stored customer data is encrypted"},
      {"mfa", "多要素認証", T::kBool, {}, "users can sign in with a second factor"},
      {"sso", "シングルサインオン", T::kBool, {}, "users can sign in through their own identity provider"},
      {"ip_restriction", "接続元IPアドレス制限", T::kBool, {}, "access can be limited to given IP addresses"},
      {"vulnerability_assessment", "脆弱性診断の実施", T::kBool, {},
       "the application or system is tested for vulnerabilities"},
      {"vulnerability_assessment_interval", "脆弱性診断の頻度", T::kFrequency, {}, "how often that testing runs"},
      {"support_hours", "問い合わせ窓口の受付時間", T::kHours, {}, "when the support desk answers"},
      {"document_date", "文書の日付", T::kDate, {},
       "the latest issue, revision or update date the document states for itself"},
  };
  return kFields;
}

}  // namespace

std::span<const FieldSpec> FieldCatalogue() { return Catalogue(); }

const FieldSpec* FindField(std::string_view id) {
  for (const FieldSpec& field : Catalogue()) {
    if (field.id == id) return &field;
  }
  return nullptr;
}

}  // namespace kensa
