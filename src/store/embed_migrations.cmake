# Generates a C++ source holding every migrations/NNNN_name.sql as a string, so the dpc
# binary carries its schema with it. Run at build time: cmake -DDIR=... -DOUT=... -P this.
file(GLOB files RELATIVE ${DIR} ${DIR}/*.sql)
list(SORT files)
set(body "")
foreach(f IN LISTS files)
  if(NOT f MATCHES "^([0-9]+)_.*\\.sql$")
    message(FATAL_ERROR "migration file name must be NNNN_name.sql: ${f}")
  endif()
  math(EXPR version "${CMAKE_MATCH_1}")
  file(READ ${DIR}/${f} sql)
  string(APPEND body "      {${version}, \"${f}\", R\"DPCSQL(${sql})DPCSQL\"},\n")
endforeach()
file(WRITE ${OUT}.tmp "// Generated from migrations/*.sql by embed_migrations.cmake; do not edit.
#include \"dpc/store/database.h\"

namespace dpc::store {
const std::vector<Migration>& embedded_migrations() {
  static const std::vector<Migration> kMigrations = {
${body}  };
  return kMigrations;
}
}  // namespace dpc::store
")
file(COPY_FILE ${OUT}.tmp ${OUT} ONLY_IF_DIFFERENT)
