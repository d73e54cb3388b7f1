@testable import AllotBench
import Foundation
import Testing

struct TrafficProfileTests {
    @Test func contactCentreProfileLoads() throws {
        let profile = try TrafficProfile.load(Repository.path("examples/contact-centre.traffic.json"))
        #expect(profile.workerCount == 12)
        #expect(profile.tasks.map(\.name) == ["english", "spanish", "vip", "unknown language"])
        #expect(profile.workspaceFile.hasSuffix("examples/contact-centre.json"))
        #expect(profile.handleTime == .exponential(meanSeconds: 240))
        #expect(profile.thinkTime == .fixed(seconds: 3))
        #expect(profile.tasks[2].priority == 5)
        #expect(profile.tasks[2].handleTime == .exponential(meanSeconds: 360))
    }

    @Test func helplineProfileCoversTheChannels() throws {
        let profile = try TrafficProfile.load(Repository.path("examples/helpline/traffic.json"))
        #expect(Set(profile.tasks.map(\.taskChannel)) == ["voice", "chat", "sms", "default"])
        #expect(profile.tasks.contains { $0.attributes["isContactlessTask"] as? Bool == true })
        #expect(profile.tasks.contains { $0.attributes["transferTargetType"] as? String == "queue" })
        #expect(FileManager.default.fileExists(atPath: profile.workspaceFile))
    }

    @Test func invalidProfilesNameThePath() throws {
        let cases: [(String, String)] = [
            (#"[1]"#, "$: expected a JSON object"),
            (#"{"workspace_file": "w.json", "arival_rate_per_second": 1}"#, "$.arival_rate_per_second: unknown field; expected one of"),
            (#"{"workspace_file": "w.json", "workers": [{"name": "a", "cont": 2}], "tasks": [{"name": "t"}]}"#, "$.workers[0].cont: unknown field"),
            (#"{"tasks": [], "workers": []}"#, "$.workspace_file: missing"),
            (#"{"workspace_file": "w.json", "workers": []}"#, "$.workers: missing; give a non-empty array"),
            (#"{"workspace_file": "w.json", "workers": [{"name": "a", "count": 1.5}], "tasks": [{"name": "t"}]}"#, "$.workers[0].count: expected a whole number"),
            (#"{"workspace_file": "w.json", "workers": [{"name": "a", "count": 20000}], "tasks": [{"name": "t"}]}"#, "$.workers[0].count: expected a whole number from 1 to 10000, found 20000"),
            (#"{"workspace_file": "w.json", "workers": [{"name": "a", "count": "6"}], "tasks": [{"name": "t"}]}"#, #"$.workers[0].count: expected a whole number from 1 to 10000, found "6""#),
            (#"{"workspace_file": "w.json", "workers": [{"name": "a"}], "tasks": [{"name": "t", "priority": 1.5}]}"#, "$.tasks[0].priority: expected a whole number"),
            (#"{"workspace_file": "w.json", "workers": [{"name": "a"}], "tasks": [{"name": "t"}]}"#, "$.workspace_file: the workspace file"),
            ("{\n  \"workspace_file\": \"w.json\",,\n}", "$: invalid JSON at line 2, column 30"),
            (#"{"workspace_file": "w.json", "workers": [{"name": "a"}], "tasks": [{"name": "t", "weight": "x"}]}"#, "$.tasks[0].weight: expected a number"),
            (#"{"workspace_file": "w.json", "workers": [{"name": "a"}], "tasks": [{"name": "t"}], "handle_time_seconds": {"mean": 3}}"#, "$.handle_time_seconds: expected seconds as a number"),
            (#"{"workspace_file": "w.json", "workers": [{"name": "a"}], "tasks": [{"name": "t"}], "think_time_seconds": true}"#, "$.think_time_seconds: expected a number"),
            (#"{"workspace_file": "w.json", "workers": [{"name": "a"}], "tasks": [{"name": "t"}], "arrival_rate_per_second": -1}"#, "$.arrival_rate_per_second: -1.0 is out of range"),
        ]
        for (text, expected) in cases {
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("profile-\(UUID().uuidString).json").path
            #expect(FileManager.default.createFile(atPath: path, contents: Data(text.utf8)))
            defer { try? FileManager.default.removeItem(atPath: path) }
            do {
                _ = try TrafficProfile.load(path)
                Issue.record("\(text) loaded; expected \(expected)")
            } catch {
                #expect(error.description.contains(expected), "\(text): \(error.description)")
            }
        }
    }

    @Test func missingFileSaysItDoesNotExist() {
        do {
            _ = try TrafficProfile.load("/nonexistent/profile.json")
            Issue.record("a missing file loaded")
        } catch {
            #expect(error.description.contains("the file does not exist"))
        }
    }
}
