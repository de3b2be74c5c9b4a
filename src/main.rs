fn main() {
    println!("opslab");
}
