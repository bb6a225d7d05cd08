/// The parts of Duplicati's REST answers (PascalCase JSON) that collect reads.
enum DuplicatiModels {
    /// `POST /api/v1/auth/login` → 200.
    struct AccessToken: Decodable, Sendable {
        var accessToken: String?

        private enum CodingKeys: String, CodingKey { case accessToken = "AccessToken" }
    }

    /// `GET /api/v1/systeminfo`: the machine's name and its options, one of which is `machine-id`.
    struct SystemInfo: Decodable, Sendable {
        /// One command-line option with its default.
        struct Option: Decodable, Sendable {
            var name: String?
            var defaultValue: String?

            private enum CodingKeys: String, CodingKey {
                case name = "Name"
                case defaultValue = "DefaultValue"
            }
        }

        var machineName: String?
        var options: [Option]?

        /// The `machine-id` option's default value, nil when absent or empty.
        var machineId: String? {
            options?.first { $0.name == "machine-id" }?.defaultValue.flatMap { $0.isEmpty ? nil : $0 }
        }

        private enum CodingKeys: String, CodingKey {
            case machineName = "MachineName"
            case options = "Options"
        }
    }

    /// One element of `GET /api/v1/backups`.
    struct BackupEntry: Decodable, Sendable {
        /// The job.
        struct Backup: Decodable, Sendable {
            var id: String
            var name: String?

            private enum CodingKeys: String, CodingKey {
                case id = "ID"
                case name = "Name"
            }
        }

        /// The job's schedule: `Repeat` like `1D`, `Rule` like `AllowedWeekDays=Monday,Friday`, `Time` ISO.
        struct Schedule: Decodable, Sendable, Equatable {
            var repeatInterval: String?
            var rule: String?
            var time: String?

            private enum CodingKeys: String, CodingKey {
                case repeatInterval = "Repeat"
                case rule = "Rule"
                case time = "Time"
            }
        }

        var backup: Backup
        var schedule: Schedule?

        private enum CodingKeys: String, CodingKey {
            case backup = "Backup"
            case schedule = "Schedule"
        }
    }

    /// One `LogData` row of `GET /api/v1/backup/{id}/log`; `Message` holds a result as JSON text.
    struct LogRow: Decodable, Sendable {
        var id: Int64
        var type: String?
        var message: String?

        private enum CodingKeys: String, CodingKey {
            case id = "ID"
            case type = "Type"
            case message = "Message"
        }
    }
}
