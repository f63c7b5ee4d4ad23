using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Lakehouse.Hub.Data;

/// <summary>
/// The hub's database. The schema comes from the hand-written migrations in <c>Data/Migrations</c>, which use only
/// provider-neutral operations, so the same migrations build SQLite and PostgreSQL.
/// </summary>
public sealed class HubDbContext(DbContextOptions<HubDbContext> options) : DbContext(options)
{
    public DbSet<User> Users => Set<User>();

    public DbSet<Group> Groups => Set<Group>();

    public DbSet<GroupMember> GroupMembers => Set<GroupMember>();

    public DbSet<ApiToken> ApiTokens => Set<ApiToken>();

    public DbSet<Session> Sessions => Set<Session>();

    public DbSet<AuthState> AuthStates => Set<AuthState>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Every time is UTC. SQLite gives back unspecified kinds and PostgreSQL refuses them, so the kind is set both ways.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<UtcConverter>();
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<User>(user =>
        {
            user.ToTable("users");
            user.HasKey(u => u.Id).HasName("pk_users");
            user.Property(u => u.Id).HasColumnName("id");
            user.Property(u => u.Name).HasColumnName("name").HasMaxLength(64);
            user.Property(u => u.Admin).HasColumnName("admin");
            user.Property(u => u.CreatedAt).HasColumnName("created");
            user.Property(u => u.LastActivity).HasColumnName("last_activity");
            user.Property(u => u.Uid).HasColumnName("uid");
            user.Property(u => u.Gid).HasColumnName("gid");
            user.Property(u => u.PosixGroups).HasColumnName("posix_groups");
            user.Property(u => u.LastLogin).HasColumnName("last_login");
            user.HasIndex(u => u.Name).IsUnique().HasDatabaseName("ix_users_name");
        });

        modelBuilder.Entity<Group>(group =>
        {
            group.ToTable("groups");
            group.HasKey(g => g.Id).HasName("pk_groups");
            group.Property(g => g.Id).HasColumnName("id");
            group.Property(g => g.Name).HasColumnName("name").HasMaxLength(64);
            group.HasIndex(g => g.Name).IsUnique().HasDatabaseName("ix_groups_name");
        });

        modelBuilder.Entity<GroupMember>(member =>
        {
            member.ToTable("group_members");
            member.HasKey(m => new { m.GroupId, m.UserId }).HasName("pk_group_members");
            member.Property(m => m.GroupId).HasColumnName("group_id");
            member.Property(m => m.UserId).HasColumnName("user_id");
            member.HasOne(m => m.Group).WithMany(g => g.Members).HasForeignKey(m => m.GroupId).HasConstraintName("fk_group_members_groups").OnDelete(DeleteBehavior.Cascade);
            member.HasOne(m => m.User).WithMany(u => u.Memberships).HasForeignKey(m => m.UserId).HasConstraintName("fk_group_members_users").OnDelete(DeleteBehavior.Cascade);
            member.HasIndex(m => m.UserId).HasDatabaseName("ix_group_members_user_id");
        });

        modelBuilder.Entity<ApiToken>(token =>
        {
            token.ToTable("api_tokens");
            token.HasKey(t => t.Id).HasName("pk_api_tokens");
            token.Property(t => t.Id).HasColumnName("id");
            token.Property(t => t.Hash).HasColumnName("hash").HasMaxLength(64);
            token.Property(t => t.Prefix).HasColumnName("prefix").HasMaxLength(16);
            token.Property(t => t.UserId).HasColumnName("user_id");
            token.Property(t => t.Note).HasColumnName("note").HasMaxLength(1024);
            token.Property(t => t.Scopes).HasColumnName("scopes").HasMaxLength(1024);
            token.Property(t => t.CreatedAt).HasColumnName("created");
            token.Property(t => t.ExpiresAt).HasColumnName("expires_at");
            token.Property(t => t.LastUsed).HasColumnName("last_used");
            token.HasIndex(t => t.Hash).IsUnique().HasDatabaseName("ix_api_tokens_hash");
            token.HasIndex(t => t.UserId).HasDatabaseName("ix_api_tokens_user_id");
            token.HasOne(t => t.User).WithMany().HasForeignKey(t => t.UserId).HasConstraintName("fk_api_tokens_users").OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<Session>(session =>
        {
            session.ToTable("sessions");
            session.HasKey(s => s.IdHash).HasName("pk_sessions");
            session.Property(s => s.IdHash).HasColumnName("id_hash").HasMaxLength(64);
            session.Property(s => s.UserId).HasColumnName("user_id");
            session.Property(s => s.CreatedAt).HasColumnName("created");
            session.Property(s => s.ExpiresAt).HasColumnName("expires_at");
            session.HasIndex(s => s.UserId).HasDatabaseName("ix_sessions_user_id");
            session.HasOne(s => s.User).WithMany().HasForeignKey(s => s.UserId).HasConstraintName("fk_sessions_users").OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<AuthState>(state =>
        {
            state.ToTable("auth_states");
            state.HasKey(s => s.UserId).HasName("pk_auth_states");
            state.Property(s => s.UserId).HasColumnName("user_id").ValueGeneratedNever();
            state.Property(s => s.Encrypted).HasColumnName("encrypted");
            state.Property(s => s.UpdatedAt).HasColumnName("updated");
            state.HasOne(s => s.User).WithOne().HasForeignKey<AuthState>(s => s.UserId).HasConstraintName("fk_auth_states_users").OnDelete(DeleteBehavior.Cascade);
        });
    }

    private sealed class UtcConverter() : ValueConverter<DateTime, DateTime>(
        v => v.Kind == DateTimeKind.Utc ? v : v.ToUniversalTime(),
        v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
}
