#include "domain/settings.h"

#include <algorithm>

namespace bb {

bool MunicipalitySettings::has_department(const std::string& name) const {
  return std::find(departments.begin(), departments.end(), name) != departments.end();
}

MunicipalitySettings default_settings(const std::string& municipality) {
  MunicipalitySettings s;
  s.municipality = municipality.empty() ? "Kommunen" : municipality;
  s.office_name = "Borgerrådgiveren i " + s.municipality;
  s.departments = {"Borgerservice",       "Jobcenter",         "Ydelser",
                   "Voksen og Handicap",  "Børn og Familie",   "Sundhed og Omsorg",
                   "Skole og Dagtilbud",  "Teknik og Miljø",   "Økonomi og Opkrævning",
                   "Kultur og Fritid",    "Andet"};
  s.first_response_working_days = 10;
  s.intro_text =
      "Borgerrådgiveren er uafhængig af kommunens forvaltninger og hjælper dig, når du har "
      "spørgsmål til en sag i kommunen, ikke forstår et brev eller en afgørelse, har svært ved "
      "at komme i kontakt med kommunen eller vil klage. Det er gratis, og vi har tavshedspligt.";
  return s;
}

}  // namespace bb
