// libpq's functions as this program calls them, each forwarding to libpq.so.5
// opened on first use (see dialect/shared_library.hpp for why). A function
// added to the PostgreSQL code needs a line here: the link fails until then.
#include <libpq-fe.h>

#include "dialect/shared_library.hpp"

namespace {

schemactl::SharedLibrary& libpq() {
    static schemactl::SharedLibrary lib("libpq.so.5", "libpq5");
    return lib;
}

}  // namespace

SCHEMACTL_FORWARD(libpq(), PGconn*, PQconnectdbParams,
                  (const char* const* keywords, const char* const* values, int expand_dbname),
                  (keywords, values, expand_dbname))
SCHEMACTL_FORWARD(libpq(), ConnStatusType, PQstatus, (const PGconn* conn), (conn))
SCHEMACTL_FORWARD(libpq(), char*, PQerrorMessage, (const PGconn* conn), (conn))
SCHEMACTL_FORWARD(libpq(), PQnoticeProcessor, PQsetNoticeProcessor, (PGconn * conn, PQnoticeProcessor proc, void* arg),
                  (conn, proc, arg))
SCHEMACTL_FORWARD(libpq(), void, PQfinish, (PGconn * conn), (conn))
SCHEMACTL_FORWARD(libpq(), PGresult*, PQexec, (PGconn * conn, const char* query), (conn, query))
SCHEMACTL_FORWARD(libpq(), ExecStatusType, PQresultStatus, (const PGresult* res), (res))
SCHEMACTL_FORWARD(libpq(), char*, PQresultErrorMessage, (const PGresult* res), (res))
SCHEMACTL_FORWARD(libpq(), char*, PQresultErrorField, (const PGresult* res, int fieldcode), (res, fieldcode))
SCHEMACTL_FORWARD(libpq(), int, PQntuples, (const PGresult* res), (res))
SCHEMACTL_FORWARD(libpq(), int, PQnfields, (const PGresult* res), (res))
SCHEMACTL_FORWARD(libpq(), char*, PQfname, (const PGresult* res, int field_num), (res, field_num))
SCHEMACTL_FORWARD(libpq(), char*, PQgetvalue, (const PGresult* res, int tup_num, int field_num),
                  (res, tup_num, field_num))
SCHEMACTL_FORWARD(libpq(), int, PQgetlength, (const PGresult* res, int tup_num, int field_num),
                  (res, tup_num, field_num))
SCHEMACTL_FORWARD(libpq(), int, PQgetisnull, (const PGresult* res, int tup_num, int field_num),
                  (res, tup_num, field_num))
SCHEMACTL_FORWARD(libpq(), void, PQclear, (PGresult * res), (res))
SCHEMACTL_FORWARD(libpq(), const char*, PQparameterStatus, (const PGconn* conn, const char* param_name),
                  (conn, param_name))
SCHEMACTL_FORWARD(libpq(), int, PQserverVersion, (const PGconn* conn), (conn))
SCHEMACTL_FORWARD(libpq(), PGTransactionStatusType, PQtransactionStatus, (const PGconn* conn), (conn))
