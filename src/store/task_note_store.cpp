// Task comments and attachments on PostgreSQL (the engine's TaskNoteStore port).
#include "dpc/store/task_note_store.h"

#include "pooled_transaction.h"
#include "user_operation_sql.h"

namespace dpc::store {

using namespace dpc::engine;

namespace {

std::string str(const pqxx::field& f) { return f.is_null() ? std::string() : f.as<std::string>(); }

const char* const kCommentColumns =
    "id, task_id, proc_inst_id, root_proc_inst_id, user_id, time, message";
// Everything but the bytes, which only GET .../data reads.
const char* const kAttachmentColumns =
    "id, task_id, proc_inst_id, root_proc_inst_id, user_id, name, description, type, url, "
    "content_type, content IS NOT NULL, coalesce(octet_length(content), 0), created";

TaskComment read_comment(const pqxx::row& r) {
  return {str(r[0]), str(r[1]), str(r[2]), str(r[3]), str(r[4]), r[5].as<long long>(), str(r[6])};
}

TaskAttachment read_attachment(const pqxx::row& r) {
  TaskAttachment a;
  a.id = str(r[0]);
  a.task_id = str(r[1]);
  a.process_instance_id = str(r[2]);
  a.root_process_instance_id = str(r[3]);
  a.user_id = str(r[4]);
  a.name = str(r[5]);
  a.description = str(r[6]);
  a.type = str(r[7]);
  a.url = str(r[8]);
  a.content_type = str(r[9]);
  a.has_content = r[10].as<bool>();
  a.size = r[11].as<long long>();
  a.created = r[12].as<long long>();
  return a;
}

// NULL for an empty string.
std::optional<std::string> opt(const std::string& s) {
  return s.empty() ? std::nullopt : std::optional<std::string>(s);
}

class PgTaskNoteStore : public TaskNoteStore {
 public:
  explicit PgTaskNoteStore(Database& db) : db_(db) {}

  Status add_comment(const TaskComment& c) override {
    auto r = tx<bool>([&](pqxx::work& tx) {
      tx.exec_params("INSERT INTO task_comment (" + std::string(kCommentColumns) +
                         ") VALUES ($1, $2, $3, $4, $5, $6, $7)",
                     c.id, c.task_id, opt(c.process_instance_id), opt(c.root_process_instance_id),
                     opt(c.user_id), c.time, c.message);
      return true;
    });
    return r ? Status{} : Status(r.error());
  }

  Result<std::vector<TaskComment>> comments(const std::string& task_id) override {
    return tx<std::vector<TaskComment>>([&](pqxx::work& tx) {
      std::vector<TaskComment> out;
      for (const auto& r : tx.exec_params("SELECT " + std::string(kCommentColumns) +
                                              " FROM task_comment WHERE task_id = $1 ORDER BY time, id",
                                          task_id)) {
        out.push_back(read_comment(r));
      }
      return out;
    });
  }

  Result<std::optional<TaskComment>> comment(const std::string& task_id, const std::string& id) override {
    return tx<std::optional<TaskComment>>([&](pqxx::work& tx) {
      auto r = tx.exec_params("SELECT " + std::string(kCommentColumns) +
                                  " FROM task_comment WHERE task_id = $1 AND id = $2",
                              task_id, id);
      return r.empty() ? std::optional<TaskComment>{} : std::optional<TaskComment>{read_comment(r[0])};
    });
  }

  Status add_attachment(const TaskAttachment& a, const std::string& content) override {
    auto r = tx<bool>([&](pqxx::work& tx) {
      // The bytes as an escaped bytea literal (libpqxx 6 has no binary parameters).
      std::string bytes = a.has_content
          ? tx.conn().quote_raw(reinterpret_cast<const unsigned char*>(content.data()), content.size())
          : std::string("NULL");
      tx.exec_params("INSERT INTO task_attachment (id, task_id, proc_inst_id, root_proc_inst_id, "
                     "user_id, name, description, type, url, content_type, created, content) VALUES "
                     "($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, " + bytes + ")",
                     a.id, a.task_id, opt(a.process_instance_id), opt(a.root_process_instance_id),
                     opt(a.user_id), opt(a.name), opt(a.description), opt(a.type), opt(a.url),
                     opt(a.content_type), a.created);
      write_user_operation(tx);  // AddAttachment, in the same transaction
      return true;
    });
    return r ? Status{} : Status(r.error());
  }

  Result<std::vector<TaskAttachment>> attachments(const std::string& task_id) override {
    return tx<std::vector<TaskAttachment>>([&](pqxx::work& tx) {
      std::vector<TaskAttachment> out;
      for (const auto& r : tx.exec_params("SELECT " + std::string(kAttachmentColumns) +
                                              " FROM task_attachment WHERE task_id = $1 ORDER BY created, id",
                                          task_id)) {
        out.push_back(read_attachment(r));
      }
      return out;
    });
  }

  Result<std::optional<TaskAttachment>> attachment(const std::string& task_id,
                                                   const std::string& id) override {
    return tx<std::optional<TaskAttachment>>([&](pqxx::work& tx) {
      auto r = tx.exec_params("SELECT " + std::string(kAttachmentColumns) +
                                  " FROM task_attachment WHERE task_id = $1 AND id = $2",
                              task_id, id);
      return r.empty() ? std::optional<TaskAttachment>{}
                       : std::optional<TaskAttachment>{read_attachment(r[0])};
    });
  }

  Result<std::optional<std::string>> attachment_content(const std::string& task_id,
                                                        const std::string& id) override {
    return tx<std::optional<std::string>>([&](pqxx::work& tx) {
      auto r = tx.exec_params("SELECT content FROM task_attachment WHERE task_id = $1 AND id = $2",
                              task_id, id);
      if (r.empty()) return std::optional<std::string>{};
      if (r[0][0].is_null()) return std::optional<std::string>{std::string()};
      pqxx::binarystring bin(r[0][0]);
      return std::optional<std::string>{bin.str()};
    });
  }

  Result<bool> delete_attachment(const std::string& task_id, const std::string& id) override {
    return tx<bool>([&](pqxx::work& tx) {
      auto r = tx.exec_params("DELETE FROM task_attachment WHERE task_id = $1 AND id = $2", task_id, id);
      if (r.affected_rows() == 0) return false;
      write_user_operation(tx);  // DeleteAttachment, in the same transaction
      return true;
    });
  }

 private:
  template <typename T, typename F>
  Result<T> tx(F&& f) {
    return in_transaction<T>(db_, "task note store", std::forward<F>(f));
  }

  Database& db_;
};

}  // namespace

std::unique_ptr<TaskNoteStore> make_task_note_store(Database& db) {
  return std::make_unique<PgTaskNoteStore>(db);
}

}  // namespace dpc::store
