// The Market's message file: every text of the public pages and the storefront, Polish and
// English side by side (see dpc/market/messages.h). Keys are sorted by area.
#include "dpc/market/messages.h"

#include <algorithm>
#include <array>

namespace dpc::market {

namespace {

struct Message {
  std::string_view key, pl, en;
};

constexpr Message kMessages[] = {
    // The frame of every page
    {"site.name", "dpc Bank", "dpc Bank"},
    {"site.skip", "Przejdź do treści", "Skip to content"},
    {"site.nav", "Menu główne", "Main menu"},
    {"site.products", "Produkty", "Products"},
    {"site.offers", "Oferta dla Ciebie", "Offers for you"},
    {"site.calculator", "Kalkulator kredytu", "Loan calculator"},
    {"site.otherLanguage", "English", "Polski"},
    {"site.footer", "Informacje na tej stronie nie są ofertą w rozumieniu Kodeksu cywilnego. Wyniki kalkulatorów mają charakter poglądowy.",
     "The information on this site is not an offer in the sense of the Civil Code. Calculator results are for illustration."},
    {"site.breadcrumb", "Ścieżka", "Breadcrumb"},
    {"site.home", "Start", "Home"},
    // Home and lists
    {"home.title", "Produkty dla Ciebie", "Products for you"},
    {"home.intro", "Wybierz rodzaj produktu, porównaj oferty i złóż wniosek online.",
     "Choose a kind of product, compare the offers and apply online."},
    {"home.personal", "Nie wiesz, co wybrać? Sprawdź, które produkty są dla Ciebie dostępne.",
     "Not sure which to choose? See which products are available to you."},
    {"home.personalLink", "Sprawdź ofertę dla siebie", "See the offers for you"},
    {"home.none", "Nie mamy teraz produktów w tym kanale.", "There are no products in this channel now."},
    {"category.products1", "produkt", "product"},
    {"category.productsN", "produkty", "products"},
    {"category.see", "Zobacz produkty", "See the products"},
    {"list.details", "Szczegóły", "Details"},
    {"list.compare", "Porównaj", "Compare"},
    {"list.compareHint", "Zaznacz od 2 do 4 produktów i porównaj je.", "Tick 2 to 4 products and compare them."},
    {"list.compareButton", "Porównaj zaznaczone", "Compare selected"},
    // Product page
    {"product.features", "Cechy produktu", "Product features"},
    {"product.general", "Podstawowe informacje", "Key facts"},
    {"prices", "Oprocentowanie i opłaty", "Interest and fees"},
    {"prices.name", "Pozycja", "Item"},
    {"prices.value", "Wysokość", "Amount"},
    {"prices.for", "Ceny dla kwoty {amount} na {months} mies.", "Prices for {amount} over {months} months."},
    {"prices.promotion", "Promocja", "Promotion"},
    {"prices.was", "zamiast", "instead of"},
    {"price.perYear", "rocznie", "a year"},
    {"price.perMonth", "miesięcznie", "a month"},
    {"price.oneTime", "jednorazowo", "one-off"},
    {"price.perUse", "za operację", "each time"},
    {"product.documents", "Dokumenty", "Documents"},
    {"product.apply", "Złóż wniosek", "Apply"},
    {"product.applyWith", "Złóż wniosek na te warunki", "Apply on these terms"},
    {"product.simulate", "Policz", "Calculate"},
    {"product.simulator", "Kalkulator", "Calculator"},
    {"product.promotions", "Promocje", "Promotions"},
    {"yes", "Tak", "Yes"},
    {"no", "Nie", "No"},
    // Simulators
    {"sim.amountLoan", "Kwota kredytu (zł)", "Loan amount (PLN)"},
    {"sim.amountDeposit", "Kwota lokaty (zł)", "Deposit amount (PLN)"},
    {"sim.months", "Okres (miesiące)", "Term (months)"},
    {"sim.range", "Od {min} do {max}", "From {min} to {max}"},
    {"sim.kind", "Raty", "Instalments"},
    {"sim.equal", "równe", "equal"},
    {"sim.decreasing", "malejące", "decreasing"},
    {"sim.rate", "Oprocentowanie nominalne (% rocznie)", "Nominal interest rate (% a year)"},
    {"sim.upfront", "Prowizja płatna z góry (zł)", "Upfront fee (PLN)"},
    {"sim.monthly", "Opłata miesięczna (zł)", "Monthly fee (PLN)"},
    {"sim.result", "Wynik", "Result"},
    {"sim.instalment", "Pierwsza rata", "First instalment"},
    {"sim.interest", "Odsetki razem", "Total interest"},
    {"sim.fees", "Opłaty i prowizje razem", "Total fees"},
    {"sim.cost", "Całkowity koszt kredytu", "Total cost of credit"},
    {"sim.toPay", "Całkowita kwota do zapłaty", "Total amount payable"},
    {"sim.apr", "RRSO", "APR"},
    {"sim.schedule", "Harmonogram spłat", "Repayment schedule"},
    {"sim.n", "Nr", "No."},
    {"sim.date", "Data", "Date"},
    {"sim.colInstalment", "Rata", "Instalment"},
    {"sim.colInterest", "Odsetki", "Interest"},
    {"sim.principal", "Kapitał", "Principal"},
    {"sim.fee", "Opłata", "Fee"},
    {"sim.balance", "Saldo", "Balance"},
    {"sim.maturity", "Data zakończenia", "Maturity date"},
    {"sim.gross", "Odsetki brutto", "Gross interest"},
    {"sim.tax", "Podatek od odsetek (19%)", "Tax on interest (19%)"},
    {"sim.net", "Odsetki netto", "Net interest"},
    {"sim.payout", "Wypłata na koniec", "Paid out at maturity"},
    {"sim.calcTitle", "Kalkulator kredytu gotówkowego", "Cash loan calculator"},
    {"sim.calcIntro", "Policz ratę, całkowity koszt i RRSO kredytu na własnych warunkach. Wyniki mają charakter informacyjny.",
     "Work out the instalment, the total cost and the APR of a loan on your own terms. The results are for information."},
    {"err.summary", "Popraw błędy", "There is a problem"},
    {"err.number", "Podaj liczbę", "Enter a number"},
    {"err.whole", "Podaj liczbę całkowitą", "Enter a whole number"},
    {"err.amountRange", "podaj kwotę w groszach, z zakresu", "enter an amount (to the grosz) in the range"},
    {"err.monthsRange", "podaj liczbę miesięcy z zakresu", "enter a number of months in the range"},
    {"err.noProduct", "Nie ma takiego produktu w ofercie.", "There is no such product on offer."},
    {"err.noCategory", "Nie ma takiej kategorii produktów.", "There is no such product category."},
    {"err.compareCount", "wybierz od 2 do 4 różnych produktów", "choose 2 to 4 different products"},
    {"err.age", "podaj wiek w latach (0–130)", "enter your age in years (0–130)"},
    {"err.income", "podaj miesięczny dochód netto w złotych", "enter your monthly net income in PLN"},
    {"err.segment", "wybierz jedną z grup klientów", "choose one of the customer groups"},
    {"err.noPrice", "produkt nie ma ceny dla tych warunków", "the product has no price for these terms"},
    {"err.noLoanProduct", "nie ma takiego kredytu w ofercie", "there is no such loan on offer"},
    {"err.noDepositProduct", "nie ma takiej lokaty w ofercie", "there is no such deposit on offer"},
    {"err.notFoundTitle", "Nie znaleziono strony", "Page not found"},
    {"err.notFoundBack", "Wróć do listy produktów", "Back to the products"},
    // Comparison
    {"compare.title", "Porównanie produktów", "Product comparison"},
    {"compare.differs", "Różnica", "Differs"},
    {"compare.legend", "Wiersze oznaczone jako „Różnica” mają różne wartości.", "Rows marked “Differs” have different values."},
    {"compare.none", "—", "—"},
    {"compare.feature", "Cecha", "Feature"},
    // Personal offers
    {"offers.title", "Oferta dla Ciebie", "Offers for you"},
    {"offers.intro", "Podaj kilka informacji o sobie, a pokażemy produkty, które możesz otrzymać. Nie zapisujemy tych danych.",
     "Tell us a few facts about yourself and we show the products you can get. We do not keep these data."},
    {"offers.age", "Wiek (lata)", "Age (years)"},
    {"offers.income", "Miesięczny dochód netto (zł)", "Monthly net income (PLN)"},
    {"offers.segment", "Grupa klientów", "Customer group"},
    {"offers.segmentNone", "— nie wiem / nie dotyczy —", "— not sure / none —"},
    {"offers.show", "Pokaż ofertę", "Show the offers"},
    {"offers.eligible", "Możesz skorzystać", "Available to you"},
    {"offers.notEligible", "Niedostępne dla Ciebie", "Not available to you"},
    {"offers.noneEligible", "Żaden produkt nie jest teraz dla Ciebie dostępny.", "No product is available to you now."},
    {"offers.why", "Dlaczego:", "Why:"},
    {"offers.notNow", "Produkt nie jest teraz dostępny w tym kanale.", "The product is not available in this channel now."},
};

}  // namespace

std::string_view message(std::string_view key, std::string_view language) {
  for (const auto& m : kMessages) {
    if (m.key == key) return is_polish(language) ? m.pl : m.en;
  }
  return key;
}

std::string choose_language(const std::string* explicit_choice, std::string_view accept_language) {
  if (explicit_choice && (*explicit_choice == "pl" || *explicit_choice == "en")) return *explicit_choice;
  // The first of pl/en in the header's order (q-values are in practice listed highest first).
  size_t pos = 0;
  while (pos < accept_language.size()) {
    size_t end = accept_language.find(',', pos);
    std::string_view tag = accept_language.substr(pos, end == std::string_view::npos ? std::string_view::npos : end - pos);
    while (!tag.empty() && tag.front() == ' ') tag.remove_prefix(1);
    std::string_view primary = tag.substr(0, std::min(tag.find('-'), tag.find(';')));
    if (primary.size() == 2) {
      char a = static_cast<char>(primary[0] | 0x20), b = static_cast<char>(primary[1] | 0x20);
      if (a == 'p' && b == 'l') return "pl";
      if (a == 'e' && b == 'n') return "en";
    }
    if (end == std::string_view::npos) break;
    pos = end + 1;
  }
  return "pl";
}

}  // namespace dpc::market
