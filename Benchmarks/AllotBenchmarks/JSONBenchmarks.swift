import AllotCore
import Foundation

/// Measures the attribute parser and writer on a typical worker document of
/// about 200 bytes and on one of about 4 KiB, against Foundation's
/// JSONSerialization plus a conversion to `AttributeValue` as the baseline.
func runJSONBenchmarks(_ report: inout BenchmarkReport) {
    let documents = [("200B", JSONBenchmarkDocuments.typicalWorker), ("4KiB", JSONBenchmarkDocuments.large)]
    for (label, text) in documents {
        let byteCount = Double(text.utf8.count)
        let value = parseOrExit(text)
        if foundationParse(Data(text.utf8)) != value {
            fatalError("the Foundation baseline parses the \(label) document differently")
        }

        let parseRate = measureRate { blackHole(parseOrExit(text)) }
        report.record("parse-\(label)", parseRate, unit: "docs/s")
        report.record("parse-\(label)-bytes", parseRate * byteCount / 1e6, unit: "MB/s")

        let data = Data(text.utf8)
        let foundationRate = measureRate { blackHole(foundationParse(data)) }
        report.record("parse-\(label)-foundation", foundationRate, unit: "docs/s")
        report.record("parse-\(label)-foundation-bytes", foundationRate * byteCount / 1e6, unit: "MB/s")
        report.record("parse-\(label)-speedup-over-foundation", parseRate / foundationRate, unit: "x")

        let writtenByteCount = Double(value.jsonText.utf8.count)
        let writeRate = measureRate { blackHole(value.jsonText) }
        report.record("write-\(label)", writeRate, unit: "docs/s")
        report.record("write-\(label)-bytes", writeRate * writtenByteCount / 1e6, unit: "MB/s")
    }
}

private func parseOrExit(_ text: String) -> AttributeValue {
    do {
        return try AttributeValue(parsingAttributes: text)
    } catch {
        fatalError("benchmark document does not parse: \(error.message)")
    }
}

/// Parses with JSONSerialization and converts the result, which is what
/// using Foundation in place of the attribute parser would cost.
private func foundationParse(_ data: Data) -> AttributeValue {
    do {
        return attributeValue(fromFoundation: try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]))
    } catch {
        fatalError("JSONSerialization rejected a benchmark document: \(error)")
    }
}

private func attributeValue(fromFoundation object: Any) -> AttributeValue {
    switch object {
    case let dictionary as [String: Any]:
        return .object(AttributeObject(dictionary.map { (key: $0.key, value: attributeValue(fromFoundation: $0.value)) }))
    case let array as [Any]:
        return .array(array.map(attributeValue(fromFoundation:)))
    case let string as String:
        return .string(string)
    case let flag as Bool where type(of: object) == Bool.self:
        return .bool(flag)
    case let number as NSNumber:
        // swift-corelibs-foundation returns booleans as NSNumber with the
        // Objective-C type code of a char.
        if String(cString: number.objCType) == "c" {
            return .bool(number.boolValue)
        }
        return .number(number.doubleValue)
    default:
        return .null
    }
}

/// The benchmark's input documents.
enum JSONBenchmarkDocuments {
    /// A worker as contact centres configure one: skills, languages, a
    /// routing object and a level. About 200 bytes.
    static let typicalWorker = """
        {"skills":["billing","support","sales"],"languages":["en","es"],"level":7,\
        "routing":{"skills":["vip","escalation"],"levels":{"vip":10,"escalation":3}},\
        "contact_uri":"client:alice","team":"emea-2","available":true}
        """

    /// A document near the 4,096-byte limit: many skill entries, nested
    /// objects, numbers, booleans and strings with escapes.
    static let large: String = {
        var members: [String] = []
        var index = 0
        while true {
            let member = """
                "group\(index)":{"skills":["skill\(index)a","skill\(index)b","skill\(index)c"],\
                "level":\(index % 10),"weight":\(Double(index) / 8),"active":\(index % 2 == 0),\
                "note":"line \(index)\\nsecond \\"quoted\\" line \\u00e9"}
                """
            let candidate = "{" + (members + [member]).joined(separator: ",") + "}"
            if candidate.utf8.count > 4_000 { break }
            members.append(member)
            index += 1
        }
        return "{" + members.joined(separator: ",") + "}"
    }()
}
