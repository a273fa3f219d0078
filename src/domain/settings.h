// Municipality settings: who the office is, its departments and its service targets.
#pragma once

#include <string>
#include <vector>

namespace bb {

struct MunicipalitySettings {
  std::string municipality = "Kommunen";
  std::string office_name = "Borgerrådgiveren";
  std::vector<std::string> departments;  // seeded by default_settings()
  int first_response_working_days = 10;
  int presumed_post_days = 3;  // ordinary post counts as received this many days after its date
  int small_count_threshold = 5;  // published figures show counts below this as "< 5" (2..20)
  int retention_years = 5;  // closed cases are anonymised this many years after closing (1..30)
  std::string intro_text;      // shown on the public front page
  std::string contact_phone;
  std::string contact_email;
  std::string address;

  bool has_department(const std::string& name) const;
};

// The settings a new installation starts with: a typical Danish department list.
MunicipalitySettings default_settings(const std::string& municipality);

}  // namespace bb
