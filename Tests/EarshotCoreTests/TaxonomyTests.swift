import EarshotCore
import Testing

@Suite struct TaxonomyTests {
    let taxonomy = Shipped.taxonomy

    @Test func loadsAllNodesOfContentTaxonomy31() {
        #expect(taxonomy.nodes.count == 704)
        #expect(taxonomy.tier1.count == 37)
        #expect(taxonomy.name("653") == "Travel")
        #expect(taxonomy.node("668")?.tier == 3)
        #expect(taxonomy.node("668")?.tier1ID == "653")
    }

    @Test func lineageRunsFromNodeToTier1() {
        #expect(taxonomy.lineage("668") == ["668", "664", "653"])
        #expect(taxonomy.isSelfOrAncestor("653", of: "668"))
        #expect(!taxonomy.isSelfOrAncestor("668", of: "653"))
    }

    @Test func rejectsUnknownParents() {
        #expect(throws: Taxonomy.ParseError.self) { try Taxonomy(tsv: "1\t\tA\n2\t9\tB\n") }
    }

    @Test func sensitiveMapCoversSubtreesAndProxies() {
        let map = Shipped.sensitiveMap
        #expect(map.classify("286") == .sensitive(.health))
        #expect(map.classify("301") == .sensitive(.health))  // Mental Health, deep in 286
        #expect(map.classify("462") == .sensitive(.religion))  // Judaism, unflagged by IAB 3.1
        #expect(map.classify("387") == .sensitive(.politicalOpinions))
        #expect(map.classify("457") == .sensitive(.philosophicalBeliefs))
        #expect(map.classify("468") == .sensitive(.health))  // Genetics
        #expect(map.classify("214") == .proxy(.racialEthnicOrigin))
        #expect(map.classify("188") == .restricted(.dating))
        #expect(map.classify("211") == .restricted(.alcohol))
        #expect(map.classify("653") == nil)
        #expect(map.isAdEligible("668"))
        #expect(!map.isAdEligible("305"))
        #expect(map.isSensitiveOrProxy("354"))
    }

    @Test func everyIAB22SCDNodeIsCoveredByTheSensitiveMap() {
        // The 2.2 SCD flags (ids unchanged in 3.1) minus three deliberately ordinary nodes.
        let flagged22: [TopicID] = ["136", "188", "189", "199", "200", "211", "214", "224", "231", "237", "287", "301",
                                    "305", "319", "320", "321", "322", "323", "387", "388", "453", "454", "455", "456",
                                    "457", "458", "459", "460", "461", "462", "463", "468"]
        for id in flagged22 { #expect(Shipped.sensitiveMap.classify(id) != nil, "node \(id)") }
    }

    @Test func sensitiveMapRejectsUnknownNodesAndClasses() {
        #expect(throws: SensitiveMap.ParseError.self) { try SensitiveMap(tsv: "99999\tsensitive\thealth\tx", taxonomy: taxonomy) }
        #expect(throws: SensitiveMap.ParseError.self) { try SensitiveMap(tsv: "286\tsecret\thealth\tx", taxonomy: taxonomy) }
    }
}

@Suite struct ProductCatalogTests {
    @Test func standardCatalogIsValidAndBrokenOnesListEveryProblem() {
        #expect(ProductCatalog.standard.problems().isEmpty)
        let broken = ProductCatalog(products: [
            Product(surface: "a", role: .ai, displayName: "A"), Product(surface: "a", role: .social, displayName: "B"),
        ])
        #expect(broken.problems().count == 2)
        #expect(ProductCatalog(products: [Product(surface: "s", role: .social, displayName: "S")]).problems().count == 1)
    }
}
