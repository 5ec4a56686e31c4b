import EarshotCore
import EarshotResources
import Foundation

/// Shipped data loaded once for all core tests.
enum Shipped {
    static let taxonomy = try! ShippedData.taxonomy()
    static let sensitiveMap = try! ShippedData.sensitiveMap(taxonomy: taxonomy)
    static let classifier = try! ShippedData.classifier()
    static let lexiconOnly = try! ShippedData.classifier(withModel: false)
}

extension Date {
    /// A UTC date from `YYYY-MM-DD`.
    static func day(_ s: String) -> Date { Day(s)!.startDate }
}
