#include "cli/demo_surveys.h"

#include <random>

namespace bb::cli {
namespace {

const Questionnaire* find(const std::vector<Questionnaire>& all, const std::string& code) {
  for (const auto& q : all) {
    if (q.code == code) return &q;
  }
  return nullptr;
}

// A Likert answer leaning to agreement: about 70 % "5", 17 % "4", the rest spread, and now and
// then a question left out.
std::vector<std::string> likert(std::mt19937& rng) {
  const int r = std::uniform_int_distribution<int>(0, 99)(rng);
  if (r < 4) return {};
  if (r < 72) return {"5"};
  if (r < 89) return {"4"};
  if (r < 94) return {"3"};
  if (r < 96) return {"2"};
  if (r < 98) return {"1"};
  return {"0"};
}

const char* kCitizenComments[] = {
    "Endelig var der en, der lyttede og forklarede brevet, så jeg forstod det.",
    "Borgerrådgiveren fik sagen til at gå videre efter et halvt år i stå.",
    "Det gik hurtigt, og jeg fik at vide, hvor jeg skulle klage.",
    "Jeg havde gerne set, at kommunen selv havde forklaret det fra starten.",
};
const char* kEmployeeComments[] = {
    "God sparring om en svær sag, og et brev der blev meget tydeligere.",
    "Oplægget om partshøring har vi brugt i hele teamet.",
};

}  // namespace

int load_demo_surveys(Store& store, const MunicipalitySettings& settings, const std::vector<Questionnaire>& builtin,
                      const Date& today, uint32_t seed) {
  const Questionnaire* citizens = find(builtin, "borger");
  const Questionnaire* employees = find(builtin, "ansat");
  if (!citizens || !employees) return 0;
  std::mt19937 rng(seed ^ 0x5u);
  const Actor system = Actor::system();
  const std::string municipality = settings.municipality;
  int stored = 0;

  Survey year_round;
  year_round.questionnaire = "borger";
  year_round.title = "Borgere, løbende";
  year_round.opens_on = Date(today.year() - 1, 1, 1);
  auto open = store.surveys().create_survey(year_round, system);
  Survey staff;
  staff.questionnaire = "ansat";
  staff.title = "Medarbejdere " + std::to_string(today.year());
  staff.opens_on = Date(today.year(), 1, 1);
  staff.closes_on = Date(today.year(), 12, 31);
  staff.codes_required = true;
  auto coded = store.surveys().create_survey(staff, system);
  if (!open || !coded) return 0;
  auto codes = store.surveys().add_codes(coded->id, 60, system);
  if (!codes) return 0;

  auto citizen_answer = [&](int i, const Date& day, const char* source) {
    std::vector<Answer> answers;
    std::vector<std::string> reasons;
    const char* all_reasons[] = {"forstaa", "kontakt", "hjaelp", "hoert", "klage", "andet"};
    const int weights[] = {38, 22, 30, 26, 55, 8};
    for (int k = 0; k < 6; ++k) {
      if (std::uniform_int_distribution<int>(0, 99)(rng) < weights[k]) reasons.push_back(all_reasons[k]);
    }
    if (!reasons.empty()) answers.push_back({"B_REASON", QuestionType::kMulti, reasons});
    for (const char* id : {"B_GUIDANCE", "B_SOLUTION", "B_DIALOGUE", "B_RECOMMEND"}) {
      auto v = likert(rng);
      if (!v.empty()) answers.push_back({id, QuestionType::kLikert, v});
    }
    if (i % 13 == 0) answers.push_back({"B_COMMENT", QuestionType::kText, {kCitizenComments[(i / 13) % 4]}});
    Response r{"borger", municipality, day, source, "", std::move(answers)};
    if (store.surveys().submit(r, open->id, "", std::nullopt)) ++stored;
  };
  // 47 citizens last year (as many as the national survey had), 21 so far this year.
  for (int i = 0; i < 47; ++i) citizen_answer(i, Date(today.year() - 1, 1 + static_cast<unsigned>(i % 12), 10), i % 4 ? "web" : "paper");
  const int into_year = Date(today.year(), 1, 1).days_until(today);
  for (int i = 0; i < 21; ++i) {
    citizen_answer(100 + i, today.plus_days(-std::uniform_int_distribution<int>(0, into_year)(rng)), "web");
  }
  // 37 employees with their codes.
  for (int i = 0; i < 37; ++i) {
    std::vector<Answer> answers;
    for (const char* id : {"A_DIALOGUE", "A_EXPERIENCE", "A_KNOWLEDGE", "A_LEARNING"}) {
      auto v = likert(rng);
      if (!v.empty()) answers.push_back({id, QuestionType::kLikert, v});
    }
    if (i % 12 == 0) answers.push_back({"A_COMMENT", QuestionType::kText, {kEmployeeComments[(i / 12) % 2]}});
    Response r{"ansat", municipality, today, "web", "", std::move(answers)};
    if (store.surveys().submit(r, coded->id, (*codes)[static_cast<size_t>(i)], std::nullopt)) ++stored;
  }
  // Approve some comments, reject one; the rest wait for the advisor.
  int n = 0;
  for (const auto& c : store.surveys().comments("pending", std::nullopt)) {
    if (n == 0) (void)store.surveys().decide_comment(c.id, "rejected", system);
    else if (n % 2 == 1) (void)store.surveys().decide_comment(c.id, "approved", system);
    ++n;
  }
  return stored;
}

}  // namespace bb::cli
