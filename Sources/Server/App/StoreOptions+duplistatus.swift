import FlatStore

extension StoreOptions {
    /// The options of duplistatus' store in `directory`: FlatStore's defaults, with the product's
    /// name and its part of the data directory's README.
    package static func duplistatus(directory: String) -> StoreOptions {
        var options = StoreOptions(directory: directory)
        options.productName = "duplistatus"
        options.readmeProductSection = DataDirectoryRecipes.readmeSection
        options.sidecars = [SecretBox.keyFileName]
        return options
    }
}
