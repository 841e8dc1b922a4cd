#include "regress/regress_run.h"

#include <algorithm>
#include <atomic>
#include <exception>
#include <filesystem>
#include <thread>

#include "fields/field_catalogue.h"

namespace kensa {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kExpectedSuffix = ".expected.json";
// The document beside x.expected.json, in order of preference (only the first found is a sample:
// realpages' docs/ hold each page as .pdf and as .txt).
constexpr std::string_view kDocumentExtensions[] = {".pdf", ".txt"};
// Renderings of the same content as Office files or CSV: each one found is a sample of its own,
// scored against the same expected answers.
constexpr std::string_view kRenderingExtensions[] = {".xlsx", ".xlsm", ".docx", ".csv", ".tsv"};

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// Returns the samples for an expected-answers file: its document documents/stem.pdf (else .txt)
// and each Office or CSV rendering documents/stem.xlsx, .docx … beside it; a sample is named
// name_dir/stem.ext. With no document at all, one sample named stem.pdf without a document (reported
// as such). Fails when the expected file cannot be read.
Result<std::vector<Sample>> SamplesFor(const fs::path& expected, const fs::path& documents, const std::string& stem,
                                       const fs::path& name_dir) {
  auto expected_answers = ReadExpected(expected.string());
  if (!expected_answers.ok()) return Status::Error(ErrorKind::kUsage, expected_answers.status().message());
  std::vector<Sample> samples;
  auto add = [&](std::string_view ext) {
    const fs::path document = documents / (stem + std::string(ext));
    std::error_code ec;
    if (!fs::exists(document, ec)) return false;
    Sample& sample = samples.emplace_back();
    sample.expected_path = expected.string();
    sample.document_path = document.string();
    sample.name = (name_dir / (stem + std::string(ext))).generic_string();
    sample.expected = *expected_answers;
    return true;
  };
  for (std::string_view ext : kDocumentExtensions) {
    if (add(ext)) break;
  }
  for (std::string_view ext : kRenderingExtensions) add(ext);
  if (samples.empty()) {
    Sample& sample = samples.emplace_back();
    sample.expected_path = expected.string();
    sample.name = (name_dir / (stem + ".pdf")).generic_string();
    sample.expected = std::move(*expected_answers);
  }
  return samples;
}

// The stem of x.expected.json.
std::string ExpectedStem(const fs::path& expected) {
  const std::string file = expected.filename().string();
  return file.substr(0, file.size() - kExpectedSuffix.size());
}

// A gold-layout directory: gold/x.json answers docs/x.pdf (else docs/x.txt), as ../shared/realpages.
bool IsGoldLayout(const fs::path& root) {
  std::error_code ec;
  return fs::is_directory(root / "gold", ec) && fs::is_directory(root / "docs", ec);
}

Status AddGoldLayout(const fs::path& root, std::vector<Sample>& samples) {
  std::error_code ec;
  std::vector<fs::path> golds;
  for (const auto& entry : fs::directory_iterator(root / "gold", ec))
    if (entry.path().extension() == ".json") golds.push_back(entry.path());
  if (ec) return Status::Error(ErrorKind::kUsage, (root / "gold").string() + ": " + ec.message());
  for (const fs::path& gold : golds) {
    auto found = SamplesFor(gold, root / "docs", gold.stem().string(), "");
    if (!found.ok()) return found.status();
    for (Sample& sample : *found) samples.push_back(std::move(sample));
  }
  return Status::Ok();
}

Status AddPath(const std::string& path, std::vector<Sample>& samples) {
  std::error_code ec;
  const fs::path root(path);
  if (fs::is_directory(root, ec) && IsGoldLayout(root)) return AddGoldLayout(root, samples);
  if (fs::is_directory(root, ec)) {
    std::vector<fs::path> found;
    for (auto it = fs::recursive_directory_iterator(root, fs::directory_options::skip_permission_denied, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
      std::error_code entry_ec;  // an entry that cannot be inspected is not a sample
      if (it->is_regular_file(entry_ec) && EndsWith(it->path().filename().string(), kExpectedSuffix))
        found.push_back(it->path());
    }
    if (ec) return Status::Error(ErrorKind::kUsage, path + ": " + ec.message());
    for (const fs::path& expected : found) {
      auto samples_found = SamplesFor(expected, expected.parent_path(), ExpectedStem(expected),
                                      expected.lexically_relative(root).parent_path());
      if (!samples_found.ok()) return samples_found.status();
      for (Sample& sample : *samples_found) samples.push_back(std::move(sample));
    }
    return Status::Ok();
  }
  if (!fs::is_regular_file(root, ec))
    return Status::Error(ErrorKind::kUsage, path + ": no such directory or sample document");
  std::string file = root.filename().string();
  fs::path expected = root;
  if (!EndsWith(file, kExpectedSuffix)) {
    expected = root.parent_path() / (root.stem().string() + std::string(kExpectedSuffix));
    if (!fs::is_regular_file(expected, ec))
      return Status::Error(ErrorKind::kUsage, path + ": no expected answers beside it (" + expected.filename().string() + ")");
  }
  auto found = SamplesFor(expected, expected.parent_path(), ExpectedStem(expected), "");
  if (!found.ok()) return found.status();
  if (expected != root) {  // the document named on the command line, whatever its extension
    Sample sample = std::move(found->front());
    sample.document_path = root.string();
    sample.name = file;
    samples.push_back(std::move(sample));
  } else {
    for (Sample& sample : *found) samples.push_back(std::move(sample));
  }
  return Status::Ok();
}

ReportedFinding Reported(const Finding& f) {
  return {f.field, ValueToJson(f.value), f.quote, f.page, f.rule, f.condition, ""};
}
ReportedFinding Reported(const ExpectedFinding& e) { return {e.field, ValueToJson(e.value), e.quote, 0, "", e.condition, ""}; }

DocumentResult RunOne(const Extractor& extractor, const Sample& sample) {
  std::string error;
  std::vector<Finding> found;
  if (sample.document_path.empty()) {
    error = "no document (.pdf, .txt, .xlsx, .docx or .csv) beside " + fs::path(sample.expected_path).filename().string();
  } else {
    try {
      ReadOptions read;
      read.ocr_threads = 1;  // the samples are already read in parallel
      auto extraction = extractor.ExtractFile(sample.document_path, read);
      if (extraction.ok()) {
        found = std::move(extraction->findings);
      } else {
        error = extraction.status().message();
      }
    } catch (const std::exception& e) {
      error = std::string("internal error: ") + e.what();
    } catch (...) {
      error = "internal error";
    }
  }
  DocumentResult result = ToDocumentResult(Score(sample.name, sample.expected, found));
  result.error = std::move(error);
  return result;
}

}  // namespace

Result<std::vector<Sample>> FindSamples(const std::vector<std::string>& paths) {
  std::vector<Sample> samples;
  for (const std::string& path : paths) {
    Status status = AddPath(path, samples);
    if (!status.ok()) return status;
  }
  if (samples.empty())
    return Status::Error(ErrorKind::kUsage, "no sample documents (x.pdf, x.txt, x.xlsx, x.docx or x.csv with x.expected.json beside it) in " +
                                                (paths.size() == 1 ? paths[0] : "the paths given"));
  std::sort(samples.begin(), samples.end(), [](const Sample& a, const Sample& b) { return a.name < b.name; });
  for (size_t i = 1; i < samples.size(); ++i) {
    if (samples[i].name == samples[i - 1].name)
      return Status::Error(ErrorKind::kUsage, "two samples named " + samples[i].name + ": " + samples[i - 1].expected_path +
                                                  " and " + samples[i].expected_path);
  }
  return samples;
}

std::map<std::string, Counts> RegressRun::ByField() const {
  std::map<std::string, Counts> out;
  for (const DocumentResult& d : documents)
    for (const auto& [field, counts] : d.by_field) out[field] += counts;
  return out;
}

Counts RegressRun::Total() const {
  Counts total;
  for (const DocumentResult& d : documents) total += d.total;
  return total;
}

DocumentResult ToDocumentResult(const ScoredDocument& scored) {
  DocumentResult out;
  out.document = scored.document;
  out.by_field = scored.by_field;
  out.total = scored.total;
  for (const Match& m : scored.matches) {
    ReportedFinding r = Reported(m.found);
    r.value = ValueToJson(m.expected.value);
    out.matched.push_back(std::move(r));
  }
  for (const Match& m : scored.condition_disagreements) {
    ReportedFinding r = Reported(m.found);
    r.value = ValueToJson(m.expected.value);
    r.expected_condition = m.expected.condition;
    out.condition_disagreements.push_back(std::move(r));
  }
  for (const Finding& f : scored.false_positives) out.false_positives.push_back(Reported(f));
  for (const ExpectedFinding& e : scored.false_negatives) out.false_negatives.push_back(Reported(e));
  return out;
}

RegressRun RunRegression(const Extractor& extractor, const std::vector<Sample>& samples, unsigned threads) {
  RegressRun run;
  run.documents.resize(samples.size());
  if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
  threads = static_cast<unsigned>(std::min<size_t>(threads, samples.size()));
  // Each worker takes the next unscored sample; results land in their sample's slot, so the output
  // order does not depend on which thread finished first.
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (size_t i; (i = next.fetch_add(1)) < samples.size();) run.documents[i] = RunOne(extractor, samples[i]);
  };
  {
    std::vector<std::jthread> pool;
    for (unsigned t = 1; t < threads; ++t) pool.emplace_back(work);
    work();
  }  // joins
  return run;
}

size_t FieldOrder(const std::string& field) {
  const auto catalogue = FieldCatalogue();
  for (size_t i = 0; i < catalogue.size(); ++i)
    if (catalogue[i].id == field) return i;
  return catalogue.size();
}

}  // namespace kensa
