/// The version of Sluice: the language, its interpreter and its tools.
public let sluiceVersion = "0.1.0"
