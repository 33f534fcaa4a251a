// Internal: TCK test-file values (<value xsi:type>, <list>, <component>) to FEEL values,
// and the TCK's comparison of actual against expected values.
#pragma once

#include <pugixml.hpp>

#include "dpc/feel/value.h"

namespace dpc::dmn {

feel::Value read_tck_value(const pugi::xml_node& holder);
bool tck_equal(const feel::Value& actual, const feel::Value& expected);

}  // namespace dpc::dmn
